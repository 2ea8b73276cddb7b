package dev.buckethead.autoconfigure;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import dev.buckethead.files.FileStore;
import dev.buckethead.shares.ShareResult;
import dev.buckethead.shares.Shares;
import dev.buckethead.test.S3TestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sharing through {@code buckethead.shares.*} on a real S3 server (S3Proxy): presigned links that a plain HTTP
 * client can fetch, with the share bucket's connection taken from the database bucket or given on its own.
 */
@ExtendWith(OutputCaptureExtension.class)
class BucketHeadSharesS3IntegrationTests {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	@TempDir
	Path temp;

	private S3TestServer server;

	private String shareBucket;

	@BeforeEach
	void createBuckets() {
		this.server = S3TestServer.shared();
		this.shareBucket = this.server.createBucket("spring-shares");
	}

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(BucketHeadAutoConfiguration.class))
			.withPropertyValues("buckethead.database.directory=" + this.temp.resolve("live"),
					"buckethead.gc.interval=0", "buckethead.shares.bucket=" + this.shareBucket);
	}

	@Test
	void sharesThroughTheDatabaseBucketsConnection(CapturedOutput output) {
		runner()
			.withPropertyValues("buckethead.bucket.name=" + this.server.createBucket("spring-main"),
					"buckethead.bucket.endpoint=" + this.server.endpoint(),
					"buckethead.bucket.region=" + this.server.region(),
					"buckethead.bucket.access-key-id=" + this.server.accessKey(),
					"buckethead.bucket.secret-access-key=" + this.server.secretKey())
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(Shares.class);
				assertFetchable(context.getBean(FileStore.class), context.getBean(Shares.class));
			});
		assertThat(output).doesNotContain(this.server.secretKey());
	}

	@Test
	void sharesThroughItsOwnConnectionWhileTheDatabaseIsInALocalDirectory() {
		runner()
			.withPropertyValues("buckethead.bucket.local-directory=" + this.temp.resolve("bucket"),
					"buckethead.shares.endpoint=" + this.server.endpoint(),
					"buckethead.shares.region=" + this.server.region(),
					"buckethead.shares.access-key-id=" + this.server.accessKey(),
					"buckethead.shares.secret-access-key=" + this.server.secretKey(),
					"buckethead.shares.default-lifetime=2m")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				Shares shares = context.getBean(Shares.class);
				FileStore files = context.getBean(FileStore.class);
				assertFetchable(files, shares);
				String key = files.put("default lifetime".getBytes(StandardCharsets.UTF_8));
				ShareResult link = shares.share(key);
				assertThat(link.expiresAt()).isBetween(Instant.now().plusSeconds(100), Instant.now().plusSeconds(121));
				assertThat(shares.list()).extracting((shared) -> shared.key()).contains(key);
				assertThat(shares.unshare(key)).isTrue();
				assertThat(get(link.url()).statusCode()).isIn(403, 404);
			});
	}

	private static void assertFetchable(FileStore files, Shares shares) throws Exception {
		String key = files.put("shared through Spring".getBytes(StandardCharsets.UTF_8));
		ShareResult link = shares.share(key, Duration.ofMinutes(5));
		assertThat(link.isPublic()).isFalse();
		assertThat(link.expiresAt()).isAfter(Instant.now().plusSeconds(200));
		HttpResponse<String> response = get(link.url());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("shared through Spring");
	}

	private static HttpResponse<String> get(String url) throws Exception {
		return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
	}

}
