package dev.buckethead.shares;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import dev.buckethead.BucketSQLite;
import dev.buckethead.files.PutOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/** Links to FileStore blobs through a share bucket on the real S3 test server, fetched with a plain HttpClient. */
class SharesTests {

	@TempDir
	Path temp;

	BucketSQLite db;

	Shares shares;

	@BeforeEach
	void setUp() {
		db = ShareFixture.startEngine(temp.resolve("live"));
		shares = new Shares(db.files(), ShareFixture.newShareBucket().build());
	}

	@AfterEach
	void tearDown() {
		shares.close();
		db.close();
	}

	@Test
	void aPresignedLinkServesTheBlobsBytesToAPlainHttpClient() {
		byte[] content = "quarterly report, 2 pages".getBytes(StandardCharsets.UTF_8);
		String key = db.files().put(content, PutOptions.none().withName("report Q3 (final).pdf"));
		Instant before = Instant.now();

		ShareResult link = shares.share(key, Duration.ofMinutes(10));

		assertThat(link.isPublic()).isFalse();
		assertThat(link.objectKey()).isEqualTo("shares/" + key + "/report Q3 (final).pdf");
		assertThat(link.expiresAt()).isBetween(before.plus(Duration.ofMinutes(10)).minusSeconds(1),
				Instant.now().plus(Duration.ofMinutes(10)).plusSeconds(1));
		assertThat(link.url()).contains("X-Amz-Signature=").contains("X-Amz-Expires=600");
		HttpResponse<byte[]> response = ShareFixture.fetch(link.url());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo(content);
	}

	@Test
	void anExpiredLinkIsRefused() {
		String key = db.files().put("short-lived".getBytes(StandardCharsets.UTF_8));
		ShareResult link = shares.share(key, Duration.ofSeconds(1));

		// The SDK's presigner signs with the system clock, so expiry is awaited, not simulated.
		await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
			HttpResponse<byte[]> response = ShareFixture.fetch(link.url());
			assertThat(response.statusCode()).isEqualTo(403);
			assertThat(new String(response.body(), StandardCharsets.UTF_8)).containsIgnoringCase("expired");
		});
		assertThat(link.expiresAt()).isBeforeOrEqualTo(Instant.now());
	}

	@Test
	void sharingAgainReusesTheCopyAndUnshareRemovesIt() {
		String key = db.files().put("shared twice".getBytes(StandardCharsets.UTF_8));
		String other = db.files().put("not shared".getBytes(StandardCharsets.UTF_8));
		ShareResult first = shares.share(key);
		Instant copiedAt = shares.list().get(0).sharedAt();

		ShareResult second = shares.share(key);

		assertThat(second.objectKey()).isEqualTo(first.objectKey());
		assertThat(shares.list()).singleElement().satisfies((shared) -> {
			assertThat(shared.key()).isEqualTo(key);
			assertThat(shared.objectKey()).isEqualTo("shares/" + key + "/" + key);
			assertThat(shared.size()).isEqualTo("shared twice".length());
			assertThat(shared.sharedAt()).isEqualTo(copiedAt);
		});
		assertThat(shares.unshare(other)).isFalse();
		assertThat(shares.unshare(key)).isTrue();
		assertThat(shares.list()).isEmpty();
		assertThat(ShareFixture.fetch(second.url()).statusCode()).isEqualTo(404);
	}

	@Test
	void aDefaultLifetimeAppliesWhenNoneIsAsked() {
		try (Shares daily = new Shares(db.files(), ShareFixture.newShareBucket()
			.defaultLifetime(Duration.ofDays(1))
			.build())) {
			String key = db.files().put("daily".getBytes(StandardCharsets.UTF_8));

			assertThat(daily.share(key).url()).contains("X-Amz-Expires=86400");
		}
	}

	@Test
	void aLifetimeOverSevenDaysOrNotPositiveIsAClearError() {
		String key = db.files().put("x".getBytes(StandardCharsets.UTF_8));

		assertThatExceptionOfType(InvalidShareLifetimeException.class)
			.isThrownBy(() -> shares.share(key, Duration.ofDays(7).plusSeconds(1)))
			.withMessageContaining(key)
			.withMessageContaining("at most 7 days");
		assertThatExceptionOfType(InvalidShareLifetimeException.class)
			.isThrownBy(() -> shares.share(key, Duration.ofMillis(999)))
			.withMessageContaining("at least 1 second");
		assertThat(shares.share(key, Duration.ofDays(7)).url()).contains("X-Amz-Expires=604800");
	}

	@Test
	void sharingAnUnknownKeyIsAClearError() {
		String unknown = "bh-" + "0".repeat(64);

		assertThatExceptionOfType(ShareKeyNotFoundException.class).isThrownBy(() -> shares.share(unknown))
			.withMessageStartingWith("Cannot share '" + unknown + "': the FileStore holds no file with that key");
		assertThat(shares.list()).isEmpty();
	}

	@Test
	void aPublicBucketGivesItsUrlWithEncodedSegments() {
		ShareConfig config = ShareFixture.newShareBucket().publicBaseUrl("https://pub-1234.r2.dev/").build();
		try (Shares open = new Shares(db.files(), config)) {
			String key = db.files().put("public".getBytes(StandardCharsets.UTF_8),
					PutOptions.none().withName("résumé #1/ä b.txt"));

			ShareResult link = open.share(key);

			assertThat(link.isPublic()).isTrue();
			assertThat(link.expiresAt()).isNull();
			assertThat(link.objectKey()).isEqualTo("shares/" + key + "/résumé #1_ä b.txt");
			assertThat(link.url()).isEqualTo("https://pub-1234.r2.dev/shares/" + key
					+ "/r%C3%A9sum%C3%A9%20%231_%C3%A4%20b.txt");
			assertThat(open.list()).extracting(SharedFile::objectKey).containsExactly(link.objectKey());
		}
	}

	@Test
	void engineWithoutShareBucketExplainsHowToConfigureOne() {
		assertThat(Shares.notConfigured()).isInstanceOf(ShareException.class)
			.hasMessageContaining("BUCKETHEAD_SHARE__BUCKET")
			.hasMessageContaining("buckethead provision share-bucket --project <name>");
	}

}
