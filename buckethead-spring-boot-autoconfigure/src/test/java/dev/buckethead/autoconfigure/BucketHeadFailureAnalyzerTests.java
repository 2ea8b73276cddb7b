package dev.buckethead.autoconfigure;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import dev.buckethead.BucketHeadException;
import dev.buckethead.config.BucketHeadConfigException;
import dev.buckethead.snapshot.CorruptSnapshotException;
import dev.buckethead.test.LogLines;
import dev.buckethead.test.S3TestServer;
import dev.buckethead.test.SilentServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The start-up failure analysis of real failures: an S3 server (S3Proxy, a separate process) refusing the secret
 * or lacking the bucket, a closed port, an endpoint that never answers; and, through a whole
 * {@code SpringApplication}, that Spring Boot prints the analysis instead of a stack trace.
 */
@ExtendWith(OutputCaptureExtension.class)
class BucketHeadFailureAnalyzerTests {

	private static final String WRONG_SECRET = "wrong-secret-" + UUID.randomUUID();

	@TempDir
	Path temp;

	@Test
	void aWrongSecretNamesTheBucketAndTheCredentialProperties() {
		S3TestServer server = S3TestServer.shared();
		String bucket = server.createBucket("analyzer");
		FailureAnalysis analysis = startAndAnalyze(s3(server.endpoint().toString(), bucket, server.accessKey(), WRONG_SECRET));
		assertThat(analysis.getDescription())
			.startsWith("BucketHead could not start: the bucket refused its credentials.\n")
			.contains("s3://" + bucket + " at " + server.endpoint(), "access denied (HTTP 403")
			.doesNotContain("Bucket: ", WRONG_SECRET, server.secretKey());
		assertThat(analysis.getAction())
			.contains("buckethead.bucket.access-key-id", "buckethead.bucket.secret-access-key")
			.doesNotContain(WRONG_SECRET);
	}

	@Test
	void aMissingBucketSaysToCreateIt() {
		S3TestServer server = S3TestServer.shared();
		String missing = "missing-" + UUID.randomUUID().toString().substring(0, 8);
		FailureAnalysis analysis = startAndAnalyze(s3(server.endpoint().toString(), missing, server.accessKey(), server.secretKey()));
		assertThat(analysis.getDescription()).startsWith("BucketHead could not start: its bucket does not exist.\n")
			.contains("the bucket '" + missing + "' does not exist")
			.doesNotContain(server.secretKey());
		assertThat(analysis.getAction()).contains("Create the bucket", "buckethead.bucket.name");
	}

	@Test
	void aClosedPortSaysToCheckTheEndpoint() throws IOException {
		String endpoint = "http://127.0.0.1:" + closedPort();
		FailureAnalysis analysis = startAndAnalyze(s3(endpoint, "some-bucket", "access-key", "secret-123456"));
		assertThat(analysis.getDescription())
			.startsWith("BucketHead could not start: it could not connect to the bucket's endpoint.\n")
			.contains("s3://some-bucket at " + endpoint);
		assertThat(analysis.getAction()).contains("buckethead.bucket.endpoint", "BUCKETHEAD_BUCKET__ENDPOINT_URL");
	}

	@Test
	void anEndpointThatNeverAnswersTimesOut() {
		try (SilentServer silent = SilentServer.start()) {
			List<String> properties = new ArrayList<>(s3(silent.endpoint().toString(), "some-bucket", "access-key", "secret-123456"));
			properties.add("buckethead.bucket.attempt-timeout=500ms");
			properties.add("buckethead.bucket.read-timeout=500ms");
			properties.add("buckethead.bucket.call-timeout=2s");
			FailureAnalysis analysis = startAndAnalyze(properties);
			assertThat(analysis.getDescription())
				.startsWith("BucketHead could not start: the bucket's endpoint did not answer in time.\n");
			assertThat(analysis.getAction()).contains("buckethead.bucket.*-timeout", "buckethead.bucket.max-attempts");
			assertThat(silent.connections()).isPositive();
		}
	}

	@Test
	void anInvalidConfigurationListsEveryProblem() {
		FailureAnalysis analysis = analyze(
				new BucketHeadConfigException(List.of("bucket name is missing", "region is missing")),
				new MockEnvironment());
		assertThat(analysis.getDescription()).startsWith("BucketHead could not start: its configuration is invalid.\n")
			.contains("bucket name is missing", "region is missing")
			.doesNotContain("Bucket: ");
		assertThat(analysis.getAction()).contains("buckethead.*", "BUCKETHEAD_*");
	}

	@Test
	void aFailureWhoseMessageDoesNotNameTheBucketGetsItsOwnLine() {
		MockEnvironment environment = new MockEnvironment().withProperty("buckethead.bucket.name", "shop")
			.withProperty("buckethead.bucket.endpoint", "http://s3.example.com:9000");
		FailureAnalysis analysis = analyze(new CorruptSnapshotException("db.bh/manifests/g1.json", "bad checksum"),
				environment);
		assertThat(analysis.getDescription()).startsWith(
				"BucketHead could not start: a stored snapshot is damaged or missing.\n"
						+ "Bucket: s3://shop at http://s3.example.com:9000\n"
						+ "Snapshot object 'db.bh/manifests/g1.json' is corrupt or missing: bad checksum.");
		assertThat(analysis.getAction()).contains("buckethead.snapshot.restore-generation",
				"buckethead.snapshot.fallback-to-previous-generation=true");
	}

	@Test
	void theBucketOfTheApplicationsConnectionDetailsIsNamedWithoutItsCredentials() {
		// A definition, not a singleton: a failed refresh has destroyed the singletons by the time of the analysis.
		DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
		beans.registerBeanDefinition("minioConnectionDetails",
				new RootBeanDefinition(MinioConnectionDetails.class, MinioConnectionDetails::new));
		MockEnvironment environment = new MockEnvironment().withProperty("buckethead.bucket.name", "from-properties");
		FailureAnalysis analysis = new BucketHeadFailureAnalyzer(beans, environment).analyze(new BeanCreationException(
				"bucketSQLite", "failed", new CorruptSnapshotException("db.bh/manifests/g1.json", "bad checksum")));
		assertThat(analysis.getDescription()).contains("Bucket: s3://from-details at http://minio.test:9000\n")
			.doesNotContain("from-properties", MinioConnectionDetails.ACCESS_KEY, MinioConnectionDetails.SECRET);
	}

	static final class MinioConnectionDetails implements BucketHeadConnectionDetails {

		static final String ACCESS_KEY = "AKIAFROMDETAILS";

		static final String SECRET = "SECRETFROMDETAILS";

		@Override
		public String getBucket() {
			return "from-details";
		}

		@Override
		public URI getEndpoint() {
			return URI.create("http://minio.test:9000");
		}

		@Override
		public String getRegion() {
			return "us-east-1";
		}

		@Override
		public Credentials getCredentials() {
			return new Credentials(ACCESS_KEY, SECRET);
		}

	}

	@Test
	void anyOtherFailureIsItsOwnMessageWithoutSecrets() {
		MockEnvironment environment = new MockEnvironment().withProperty("buckethead.bucket.name", "shop")
			.withProperty("buckethead.bucket.access-key-id", "AKIAEXAMPLE")
			.withProperty("buckethead.bucket.secret-access-key", "TOPSECRET123");
		FailureAnalysis analysis = analyze(
				new BucketHeadException("Refusing to start: TOPSECRET123 leaked through AKIAEXAMPLE"), environment);
		assertThat(analysis.getDescription())
			.isEqualTo("Bucket: s3://shop (AWS, us-east-1)\nRefusing to start: ****** leaked through ******");
		assertThat(analysis.getAction()).contains("buckethead.*");
	}

	@Test
	void springBootPrintsTheAnalysisAndNoStackTraceAtError(CapturedOutput output) throws IOException {
		String endpoint = "http://127.0.0.1:" + closedPort();
		List<String> properties = new ArrayList<>(s3(endpoint, "some-bucket", "access-key", "secret-123456"));
		properties.add("buckethead.database.directory=" + this.temp.resolve("live"));
		properties.add("buckethead.bucket.max-attempts=1");
		assertThatException().isThrownBy(() -> new SpringApplicationBuilder(FailingApp.class)
			.web(WebApplicationType.NONE)
			.registerShutdownHook(false)
			.properties(properties.toArray(String[]::new))
			.run());
		assertThat(output).contains("APPLICATION FAILED TO START",
				"BucketHead could not start: it could not connect to the bucket's endpoint.",
				"s3://some-bucket at " + endpoint, "Action:")
			.doesNotContain("Application run failed", "secret-123456");
		List<String> errors = LogLines.atLevel(output.toString(), "ERROR");
		assertThat(errors).as(String.join("\n", errors))
			.hasSizeLessThan(15)
			.noneMatch((line) -> line.startsWith("\tat ") || line.startsWith("Caused by:"));
	}

	private FailureAnalysis startAndAnalyze(List<String> properties) {
		AtomicReference<Throwable> failure = new AtomicReference<>();
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(BucketHeadAutoConfiguration.class,
					BucketHeadDataSourceAutoConfiguration.class))
			.withPropertyValues("buckethead.database.directory=" + this.temp.resolve("live"),
					"buckethead.bucket.max-attempts=2")
			.withPropertyValues(properties.toArray(String[]::new))
			.run((context) -> {
				assertThat(context).hasFailed();
				failure.set(context.getStartupFailure());
			});
		MockEnvironment environment = new MockEnvironment();
		TestPropertyValues.of(properties).applyTo(environment);
		FailureAnalysis analysis = new BucketHeadFailureAnalyzer(null, environment).analyze(failure.get());
		assertThat(analysis).as("analysis of %s", failure.get()).isNotNull();
		return analysis;
	}

	private static FailureAnalysis analyze(Exception failure, MockEnvironment environment) {
		return new BucketHeadFailureAnalyzer(null, environment)
			.analyze(new BeanCreationException("bucketSQLite", "failed", failure));
	}

	private static List<String> s3(String endpoint, String bucket, String accessKey, String secret) {
		return List.of("buckethead.bucket.name=" + bucket, "buckethead.bucket.endpoint=" + endpoint,
				"buckethead.bucket.region=us-east-1", "buckethead.bucket.access-key-id=" + accessKey,
				"buckethead.bucket.secret-access-key=" + secret);
	}

	private static int closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ BucketHeadAutoConfiguration.class, BucketHeadDataSourceAutoConfiguration.class })
	static class FailingApp {

	}

}
