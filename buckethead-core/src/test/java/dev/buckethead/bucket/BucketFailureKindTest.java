package dev.buckethead.bucket;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import dev.buckethead.test.S3TestServer;
import dev.buckethead.test.SilentServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** {@link BucketFailureKind#of}: a table of failures as the SDK reports them, then real ones from real servers. */
class BucketFailureKindTest {

	static Stream<Arguments> failures() {
		return Stream.of(Arguments.of("403 SignatureDoesNotMatch", s3(403, "SignatureDoesNotMatch"),
				BucketFailureKind.ACCESS_DENIED),
				Arguments.of("403 InvalidAccessKeyId", s3(403, "InvalidAccessKeyId"), BucketFailureKind.ACCESS_DENIED),
				Arguments.of("403 AccessDenied", s3(403, "AccessDenied"), BucketFailureKind.ACCESS_DENIED),
				Arguments.of("401 without a code", s3(401, null), BucketFailureKind.ACCESS_DENIED),
				Arguments.of("NoSuchBucketException", NoSuchBucketException.builder().statusCode(404).build(),
						BucketFailureKind.BUCKET_NOT_FOUND),
				Arguments.of("404 NoSuchBucket", s3(404, "NoSuchBucket"), BucketFailureKind.BUCKET_NOT_FOUND),
				Arguments.of("404 NoSuchKey", s3(404, "NoSuchKey"), BucketFailureKind.OTHER),
				Arguments.of("301 without a code", s3(301, null), BucketFailureKind.WRONG_REGION),
				Arguments.of("400 AuthorizationHeaderMalformed", s3(400, "AuthorizationHeaderMalformed"),
						BucketFailureKind.WRONG_REGION),
				Arguments.of("500 InternalError", s3(500, "InternalError"), BucketFailureKind.OTHER),
				Arguments.of("connection refused", client(new ConnectException("Connection refused")),
						BucketFailureKind.UNREACHABLE),
				Arguments.of("unknown host", client(new UnknownHostException("no.such.host")),
						BucketFailureKind.UNREACHABLE),
				Arguments.of("read time-out", client(new SocketTimeoutException("Read timed out")),
						BucketFailureKind.TIMED_OUT),
				Arguments.of("attempt time-out", ApiCallAttemptTimeoutException.create(1000),
						BucketFailureKind.TIMED_OUT),
				Arguments.of("call time-out", ApiCallTimeoutException.create(1000), BucketFailureKind.TIMED_OUT),
				Arguments.of("a deadline of our own", new BucketException("gave up", new TimeoutException("30 s")),
						BucketFailureKind.TIMED_OUT),
				Arguments.of("local I/O error", new IOException("No space left on device"), BucketFailureKind.OTHER),
				Arguments.of("no cause", new BucketException("Cannot write"), BucketFailureKind.OTHER));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("failures")
	void classifiesTheFirstCauseThatTells(String name, Throwable cause, BucketFailureKind expected) {
		assertThat(BucketFailureKind.of(cause)).isEqualTo(expected);
		assertThat(new BucketException("Cannot read 'k' in s3://b", cause).kind()).isEqualTo(expected);
	}

	@Test
	void survivesACycleOfCauses() {
		Exception first = new Exception("first");
		Exception second = new Exception("second", first);
		first.initCause(second);
		assertThat(BucketFailureKind.of(first)).isEqualTo(BucketFailureKind.OTHER);
	}

	@Test
	void realFailuresOfTheS3Client() throws IOException {
		S3TestServer server = S3TestServer.shared();
		String bucket = server.createBucket("failure-kind");
		BucketConfig.Builder good = BucketConfig.builder()
			.bucket(bucket)
			.endpoint(server.endpoint())
			.region(server.region())
			.credentials(server.accessKey(), server.secretKey())
			.timeouts(BucketTimeouts.defaults().withMaxAttempts(1).withAttemptTimeout(Duration.ofSeconds(10)));
		assertThat(kindOfRead(good.credentials(server.accessKey(), "wrong-secret").build()))
			.isEqualTo(BucketFailureKind.ACCESS_DENIED);
		assertThat(kindOfRead(good.credentials(server.accessKey(), server.secretKey())
			.bucket("missing-" + UUID.randomUUID().toString().substring(0, 8))
			.build())).isEqualTo(BucketFailureKind.BUCKET_NOT_FOUND);
		assertThat(kindOfRead(good.bucket(bucket).endpoint(URI.create("http://127.0.0.1:" + closedPort())).build()))
			.isEqualTo(BucketFailureKind.UNREACHABLE);
		try (SilentServer silent = SilentServer.start()) {
			assertThat(kindOfRead(good.endpoint(silent.endpoint())
				.timeouts(BucketTimeouts.defaults()
					.withMaxAttempts(1)
					.withReadTimeout(Duration.ofMillis(500))
					.withAttemptTimeout(Duration.ofMillis(500)))
				.build()))
				.isEqualTo(BucketFailureKind.TIMED_OUT);
		}
	}

	private static BucketFailureKind kindOfRead(BucketConfig config) {
		try (S3BucketClient client = new S3BucketClient(config)) {
			BucketException failure = catchThrowableOfType(BucketException.class, () -> client.get("some/key"));
			assertThat(failure).as("reading from %s should fail", config).isNotNull();
			return failure.kind();
		}
	}

	private static int closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static S3Exception s3(int status, String code) {
		return (S3Exception) S3Exception.builder()
			.statusCode(status)
			.awsErrorDetails(AwsErrorDetails.builder().errorCode(code).build())
			.build();
	}

	private static SdkClientException client(Throwable cause) {
		return SdkClientException.create("Unable to execute HTTP request: " + cause.getMessage(), cause);
	}

}
