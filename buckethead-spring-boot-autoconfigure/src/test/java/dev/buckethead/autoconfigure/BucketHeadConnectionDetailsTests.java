package dev.buckethead.autoconfigure;

import java.net.URI;
import java.nio.file.Path;

import javax.sql.DataSource;

import dev.buckethead.bucket.LocalDirectoryBucketClient;
import dev.buckethead.bucket.S3BucketClient;
import dev.buckethead.shares.Shares;
import dev.buckethead.test.S3TestServer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link BucketHeadConnectionDetails}: built from {@code buckethead.bucket.*} when the bucket is named there, and
 * replaced by an application's bean (as a Testcontainers or Docker Compose service connection would supply it),
 * which then decides where the bucket is, for the database and the share bucket alike.
 */
class BucketHeadConnectionDetailsTests {

	@TempDir
	Path temp;

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(BucketHeadAutoConfiguration.class,
					BucketHeadDataSourceAutoConfiguration.class))
			.withPropertyValues("buckethead.database.directory=" + this.temp.resolve("live"),
					"buckethead.bucket.local-directory=" + this.temp.resolve("local"));
	}

	@Test
	void noBucketNameAndNoDetailsMeansTheLocalDirectory() {
		runner().run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(BucketHeadConnectionDetails.class)
			.hasSingleBean(LocalDirectoryBucketClient.class));
	}

	@Test
	void detailsFromThePropertiesResolveTheCloudflareAccount() {
		new ApplicationContextRunner().withUserConfiguration(PropertiesOnly.class)
			.withPropertyValues("buckethead.bucket.name=photos", "buckethead.bucket.cloudflare-account-id=abc123",
					"buckethead.bucket.access-key-id=AKIAEXAMPLE", "buckethead.bucket.secret-access-key=s3cr3t")
			.run((context) -> {
				BucketHeadConnectionDetails details = new PropertiesBucketHeadConnectionDetails(
						context.getBean(BucketHeadProperties.class).getBucket());
				assertThat(details.getBucket()).isEqualTo("photos");
				assertThat(details.getEndpoint()).hasToString("https://abc123.r2.cloudflarestorage.com");
				assertThat(details.getRegion()).isEqualTo("auto");
				assertThat(details.getCredentials()).isNotNull();
				assertThat(details.getCredentials().accessKeyId()).isEqualTo("AKIAEXAMPLE");
				assertThat(details.getCredentials().toString()).doesNotContain("AKIAEXAMPLE").doesNotContain("s3cr3t");
			});
	}

	@Test
	void theApplicationsDetailsBeanWinsOverTheProperties() throws Exception {
		S3TestServer server = S3TestServer.shared();
		String bucket = server.createBucket("details");
		String shareBucket = server.createBucket("details-share");
		BucketHeadConnectionDetails details = new ServerDetails(server, bucket);
		// The properties point elsewhere: a closed port and another bucket, which must not be used.
		ApplicationContextRunner runner = runner()
			.withPropertyValues("buckethead.bucket.name=not-this-bucket",
					"buckethead.bucket.endpoint=http://127.0.0.1:9", "buckethead.shares.bucket=" + shareBucket)
			.withBean(BucketHeadConnectionDetails.class, () -> details);
		runner.run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(S3BucketClient.class);
			assertThat(context).getBean(BucketHeadConnectionDetails.class).isSameAs(details);
			assertThat(context.getBean(S3BucketClient.class).describe()).contains(bucket);
			JdbcHelper.execute(context.getBean(DataSource.class), "CREATE TABLE t (v TEXT)",
					"INSERT INTO t VALUES ('through the details')");
			assertThat(context.getBean(Shares.class).config().bucketConfig().endpoint())
				.isEqualTo(server.endpoint());
		});
		runner.run((context) -> assertThat(
				JdbcHelper.queryString(context.getBean(DataSource.class), "SELECT v FROM t"))
			.isEqualTo("through the details"));
	}

	@Test
	void aDetailsBeanAloneIsEnoughForAnS3Bucket() {
		S3TestServer server = S3TestServer.shared();
		String bucket = server.createBucket("details-only");
		runner().withBean(BucketHeadConnectionDetails.class, () -> new ServerDetails(server, bucket))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(S3BucketClient.class)
				.doesNotHaveBean(LocalDirectoryBucketClient.class));
	}

	@org.springframework.boot.context.properties.EnableConfigurationProperties(BucketHeadProperties.class)
	static class PropertiesOnly {

	}

	/** What a service connection to an S3-compatible container would give: here, the S3Proxy test server's. */
	private record ServerDetails(S3TestServer server, String bucket) implements BucketHeadConnectionDetails {

		@Override
		public String getBucket() {
			return this.bucket;
		}

		@Override
		public @Nullable URI getEndpoint() {
			return this.server.endpoint();
		}

		@Override
		public @Nullable String getRegion() {
			return this.server.region();
		}

		@Override
		public Credentials getCredentials() {
			return new Credentials(this.server.accessKey(), this.server.secretKey());
		}

	}

}
