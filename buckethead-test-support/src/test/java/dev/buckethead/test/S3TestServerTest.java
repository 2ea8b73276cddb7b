package dev.buckethead.test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class S3TestServerTest {

	private static S3TestServer server;

	@BeforeAll
	static void start() {
		server = S3TestServer.shared();
	}

	@Test
	void isASingletonPerJvm() {
		assertThat(S3TestServer.shared()).isSameAs(server);
	}

	@Test
	void createsFreshValidBucketsFromAnyPrefix() {
		String first = server.createBucket("My Test_Case!");
		String second = server.createBucket("My Test_Case!");
		assertThat(first).isNotEqualTo(second);
		assertThat(first).matches("[a-z0-9][a-z0-9-]{1,61}[a-z0-9]");
		if (!server.isExternal()) {
			assertThat(first).startsWith("my-test-case-");
		}
		assertThat(server.client().listObjectsV2((b) -> b.bucket(first)).contents()).isEmpty();
	}

	@Test
	void checksSignatures() {
		String bucket = server.createBucket("auth");
		try (S3Client impostor = S3Client.builder()
			.endpointOverride(server.endpoint())
			.region(Region.of(server.region()))
			.forcePathStyle(true)
			.credentialsProvider(
					StaticCredentialsProvider.create(AwsBasicCredentials.create(server.accessKey(), "wrong-secret")))
			.build()) {
			assertThatExceptionOfType(S3Exception.class)
				.isThrownBy(() -> impostor.listObjectsV2((b) -> b.bucket(bucket)))
				.satisfies((ex) -> assertThat(ex.statusCode()).isEqualTo(403));
		}
	}

	@Test
	void stopRefusesConnectionsAndRestartKeepsPortAndData() {
		assumeFalse(server.isExternal());
		String bucket = server.createBucket("restart");
		server.client()
			.putObject((b) -> b.bucket(bucket).key("kept"), RequestBody.fromString("data", StandardCharsets.UTF_8));
		int port = server.endpoint().getPort();
		server.stop();
		try {
			assertThat(server.isRunning()).isFalse();
			assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> connect(port));
		}
		finally {
			server.restart();
		}
		assertThat(server.isRunning()).isTrue();
		assertThat(server.endpoint().getPort()).isEqualTo(port);
		assertThat(server.client().getObjectAsBytes((b) -> b.bucket(bucket).key("kept")).asUtf8String())
			.isEqualTo("data");
	}

	@Test
	void restartOnATakenPortFailsWithTheServerLogAndCanBeRetried() throws IOException {
		assumeFalse(server.isExternal());
		int port = server.endpoint().getPort();
		server.stop();
		try (ServerSocket squatter = new ServerSocket()) {
			squatter.bind(new InetSocketAddress("127.0.0.1", port));
			assertThatExceptionOfType(IllegalStateException.class).isThrownBy(server::restart)
				.withMessageContaining("port " + port)
				.withMessageContaining("exited")
				.withMessageContaining(server.logFile().orElseThrow().toString());
			assertThat(server.isRunning()).isFalse();
		}
		finally {
			if (!server.isRunning()) {
				server.restart();
			}
		}
		assertThat(server.isRunning()).isTrue();
		String bucket = server.createBucket("after-squatter");
		assertThat(server.client().listBuckets().buckets()).anySatisfy((b) -> assertThat(b.name()).isEqualTo(bucket));
	}

	@Test
	void anExternalEndpointCannotBeStopped() {
		assumeTrue(server.isExternal());
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(server::stop);
	}

	private static void connect(int port) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
		}
	}

}
