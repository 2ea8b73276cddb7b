package dev.buckethead.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;

import javax.sql.DataSource;

import dev.buckethead.bucket.BucketClient;
import dev.buckethead.bucket.S3BucketClient;
import dev.buckethead.test.S3TestServer;
import io.awspring.cloud.autoconfigure.core.AwsAutoConfiguration;
import io.awspring.cloud.autoconfigure.core.CredentialsProviderAutoConfiguration;
import io.awspring.cloud.autoconfigure.core.RegionProviderAutoConfiguration;
import io.awspring.cloud.autoconfigure.s3.S3AutoConfiguration;
import io.awspring.cloud.autoconfigure.s3.S3ClientCustomizer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.services.s3.S3Client;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * The S3 bucket, on a real S3 server (S3Proxy, run as a separate process): BucketHead's own client from
 * {@code buckethead.bucket.*}, and the reuse of Spring Cloud AWS's {@code S3Client}.
 */
@ExtendWith(OutputCaptureExtension.class)
class BucketHeadS3IntegrationTests {

	private static final String REUSED = "BucketHead uses the application's S3Client";

	@TempDir
	Path temp;

	private S3TestServer server;

	private String bucket;

	@BeforeEach
	void createBucket() {
		this.server = S3TestServer.shared();
		this.bucket = this.server.createBucket("spring-boot");
	}

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(BucketHeadAutoConfiguration.class,
					BucketHeadDataSourceAutoConfiguration.class))
			.withPropertyValues("buckethead.bucket.name=" + this.bucket,
					"buckethead.database.directory=" + this.temp.resolve("live"));
	}

	private ApplicationContextRunner withOwnClient() {
		return runner().withPropertyValues("buckethead.bucket.endpoint=" + this.server.endpoint(),
				"buckethead.bucket.region=" + this.server.region(),
				"buckethead.bucket.access-key-id=" + this.server.accessKey(),
				"buckethead.bucket.secret-access-key=" + this.server.secretKey());
	}

	private ApplicationContextRunner withSpringCloudAws(String endpoint) {
		return runner()
			.withConfiguration(AutoConfigurations.of(AwsAutoConfiguration.class,
					CredentialsProviderAutoConfiguration.class, RegionProviderAutoConfiguration.class,
					S3AutoConfiguration.class))
			.withPropertyValues("spring.cloud.aws.s3.endpoint=" + endpoint,
					"spring.cloud.aws.s3.path-style-access-enabled=true",
					"spring.cloud.aws.region.static=" + this.server.region(),
					"spring.cloud.aws.credentials.access-key=" + this.server.accessKey(),
					"spring.cloud.aws.credentials.secret-key=" + this.server.secretKey())
			// S3Proxy, like R2 and MinIO, takes checksums only where required.
			.withBean(S3ClientCustomizer.class,
					() -> (builder) -> builder.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
						.responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED));
	}

	@Test
	void snapshotsToTheBucketWithItsOwnClient(CapturedOutput output) {
		withOwnClient().run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(S3BucketClient.class);
			JdbcHelper.execute(context.getBean(DataSource.class), "CREATE TABLE t (v TEXT)",
					"INSERT INTO t VALUES ('in s3')");
		});
		withOwnClient().run((context) -> assertThat(JdbcHelper.queryString(context.getBean(DataSource.class),
				"SELECT v FROM t")).isEqualTo("in s3"));
		assertThat(output).doesNotContain(this.server.secretKey()).doesNotContain("local directory");
	}

	@Test
	void reusesSpringCloudAwsS3Client(CapturedOutput output) {
		withSpringCloudAws(this.server.endpoint().toString()).run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(S3Client.class).hasSingleBean(BucketClient.class);
			JdbcHelper.execute(context.getBean(DataSource.class), "CREATE TABLE t (v TEXT)",
					"INSERT INTO t VALUES ('via spring cloud aws')");
		});
		assertThat(output).contains(REUSED);
		withOwnClient().run((context) -> assertThat(JdbcHelper.queryString(context.getBean(DataSource.class),
				"SELECT v FROM t")).isEqualTo("via spring cloud aws"));
	}

	@Test
	void aStartAgainstAHungBucketLogsEachRetriedAttemptAndFailsWithinItsDeadline(CapturedOutput output) {
		assumeFalse(this.server.isExternal(), "an external endpoint cannot be suspended");
		startAgainstHungBucket(withOwnClient(), "5 attempts of at most 1s within 3s");
		assertThat(output).contains("attempt 1 of 5 of GET buckethead.db.bh/heads/main.json failed after")
			.contains("retrying in")
			.doesNotContain(this.server.secretKey());
	}

	@Test
	void theSpringCloudAwsS3ClientGetsBucketHeadsDeadlinesOnEveryRequest() {
		assumeFalse(this.server.isExternal(), "an external endpoint cannot be suspended");
		// Spring Cloud AWS's client has no call deadline of its own: without BucketHead's, this start would hang.
		startAgainstHungBucket(withSpringCloudAws(this.server.endpoint().toString()),
				"attempts of at most 1s, retried as the application's S3Client is configured");
	}

	/** Starts with short deadlines against the frozen server: the start fails by the call deadline, saying so. */
	private void startAgainstHungBucket(ApplicationContextRunner runner, String attempts) {
		this.server.suspend();
		try {
			assertTimeoutPreemptively(Duration.ofSeconds(30), () -> runner
				.withPropertyValues("buckethead.bucket.attempt-timeout=1s", "buckethead.bucket.call-timeout=3s")
				.run((context) -> {
					assertThat(context).hasFailed();
					assertThat(context.getStartupFailure()).hasStackTraceContaining(
							"Cannot read 'buckethead.db.bh/heads/main.json' in s3://" + this.bucket
									+ " at " + this.server.endpoint() + ": no answer within the call deadline of 3s ("
									+ attempts + ")");
				}));
		}
		finally {
			this.server.resume();
		}
	}

	@Test
	void bucketHeadsOwnSettingsWinOverSpringCloudAws(CapturedOutput output) {
		withSpringCloudAws("http://127.0.0.1:9")
			.withPropertyValues("buckethead.bucket.endpoint=" + this.server.endpoint(),
					"buckethead.bucket.region=" + this.server.region(),
					"buckethead.bucket.access-key-id=" + this.server.accessKey(),
					"buckethead.bucket.secret-access-key=" + this.server.secretKey())
			.run((context) -> {
				assertThat(context).hasNotFailed();
				JdbcHelper.execute(context.getBean(DataSource.class), "CREATE TABLE t (v TEXT)");
			});
		assertThat(output).doesNotContain(REUSED);
	}

}
