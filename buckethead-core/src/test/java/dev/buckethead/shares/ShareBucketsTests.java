package dev.buckethead.shares;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import dev.buckethead.BucketSQLite;
import dev.buckethead.bucket.BucketConfig;
import dev.buckethead.bucket.PublicAccess;
import dev.buckethead.config.BucketHeadConfigException;
import dev.buckethead.test.S3TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Provisioning share buckets on the real S3 test server. */
class ShareBucketsTests {

	@TempDir
	Path temp;

	final S3TestServer server = S3TestServer.shared();

	private BucketConfig connection(String bucket) {
		return BucketConfig.builder()
			.bucket(bucket)
			.endpoint(server.endpoint())
			.region(server.region())
			.credentials(server.accessKey(), server.secretKey())
			.build();
	}

	@Test
	void bucketNamesAreDerivedFromTheProject() {
		assertThat(ShareBuckets.bucketNameFor("My_Project 2")).isEqualTo("my-project-2-share");
		assertThat(ShareBuckets.bucketNameFor("x".repeat(80))).hasSize(63).endsWith("-share");
		assertThatExceptionOfType(BucketHeadConfigException.class).isThrownBy(() -> ShareBuckets.bucketNameFor("__"))
			.withMessageContaining("'__'");
	}

	@Test
	void aPrivateBucketIsCreatedOnceAndAdoptedAfter() {
		String project = "prov-" + System.nanoTime();

		ProvisionedShareBucket first = ShareBuckets.provisionBucket(connection(ShareBuckets.bucketNameFor(project)), false);
		ProvisionedShareBucket again = ShareBuckets.provisionBucket(connection(ShareBuckets.bucketNameFor(project)), false);

		assertThat(first.bucket()).isEqualTo(project + "-share");
		assertThat(first.created()).isTrue();
		assertThat(first.publicAccess()).isEqualTo(PublicAccess.PRIVATE);
		assertThat(first.environment()).containsExactly(java.util.Map.entry("BUCKETHEAD_SHARE__BUCKET", first.bucket()));
		assertThat(again.created()).isFalse();
		assertThat(server.client().headBucket((request) -> request.bucket(first.bucket())).sdkHttpResponse()
			.isSuccessful()).isTrue();
	}

	@Test
	void aPublicBucketIsMadeReadableByAnyoneWhereTheServerAllows() {
		ProvisionedShareBucket bucket = ShareBuckets
			.provisionBucket(connection(ShareBuckets.bucketNameFor("pub-" + System.nanoTime())), true);

		// S3Proxy has no bucket policies; it takes the canned ACL instead. Other servers may take the policy.
		assertThat(bucket.publicAccess()).isIn(PublicAccess.POLICY, PublicAccess.ACL, PublicAccess.NOT_SUPPORTED);
		if (bucket.publicAccess() != PublicAccess.POLICY) {
			assertThat(bucket.notes()).first().asString().startsWith("policy not supported: ");
		}
		if (bucket.publicAccess() == PublicAccess.NOT_SUPPORTED) {
			assertThat(bucket.publicBaseUrl()).isNull();
			return;
		}
		assertThat(bucket.publicBaseUrl()).isEqualTo(server.endpoint() + "/" + bucket.bucket());
		ShareConfig config = ShareConfig.builder()
			.bucket(bucket.bucket())
			.endpoint(server.endpoint())
			.region(server.region())
			.credentials(server.accessKey(), server.secretKey())
			.publicBaseUrl(bucket.publicBaseUrl())
			.build();
		try (BucketSQLite db = ShareFixture.startEngine(temp.resolve("live"));
				Shares shares = new Shares(db.files(), config)) {
			byte[] content = "for everyone".getBytes(StandardCharsets.UTF_8);
			String key = db.files().put(content, dev.buckethead.files.PutOptions.none().withName("hello world.txt"));

			ShareResult link = shares.share(key, Duration.ofMinutes(1));

			assertThat(link.url()).isEqualTo(bucket.publicBaseUrl() + "/shares/" + key + "/hello%20world.txt");
			if (!server.isExternal()) {
				// S3Proxy refuses bucket policies (501), accepts the bucket ACL, yet serves an object anonymously
				// only when the object's own ACL is public-read. docs/tracker-and-shares.md records this.
				assertThat(bucket.publicAccess()).isEqualTo(PublicAccess.ACL);
				assertThat(bucket.notes().get(0)).contains("501 NotImplemented");
				assertThat(ShareFixture.fetch(link.url()).statusCode()).isEqualTo(403);
			}
			server.client().putObjectAcl((request) -> request.bucket(bucket.bucket()).key(link.objectKey())
				.acl(software.amazon.awssdk.services.s3.model.ObjectCannedACL.PUBLIC_READ));
			HttpResponse<byte[]> response = ShareFixture.fetch(link.url());
			assertThat(response.statusCode()).as("anonymous GET of %s", link.url()).isEqualTo(200);
			assertThat(response.body()).isEqualTo(content);
		}
	}

}
