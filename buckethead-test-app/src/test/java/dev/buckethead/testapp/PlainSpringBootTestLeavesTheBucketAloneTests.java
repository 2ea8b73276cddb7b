package dev.buckethead.testapp;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #16 item 1: a plain {@code @SpringBootTest}, no BucketHead annotation, of an app whose
 * {@code application.yml} names a real S3 bucket that the app itself has written: with the test starter on the
 * test classpath the test neither restores from that bucket nor flushes into it, so every object there keeps its
 * key and ETag; even with {@code buckethead.bucket.*} set by {@code @DynamicPropertySource}.
 */
@SpringBootTest
@DirtiesContext
class PlainSpringBootTestLeavesTheBucketAloneTests extends ConfiguredBucketScenario {

	/**
	 * As a test that points BucketHead at a container would, above {@code application.yml}: the ephemeral bucket
	 * still wins (it did not, before: the test wrote into this bucket).
	 */
	@DynamicPropertySource
	static void bucketProperties(DynamicPropertyRegistry registry) {
		registry.add("buckethead.bucket.name", () -> BUCKET);
		registry.add("buckethead.bucket.endpoint", () -> ShelfBucket.server.endpoint().toString());
	}

	@Test
	void neitherRestoresFromNorFlushesIntoTheConfiguredBucket() {
		assertThat(this.database.bucket().describe()).doesNotContain(BUCKET);
		assertThat(this.books.findByIsbn(SEEDED.isbn())).isEmpty();
		this.books.save(Book.of("Written by a test", "Test", "isbn-test", 20));
		flushAndStop();
		assertThat(ShelfBucket.objects(BUCKET)).isEqualTo(bucketBefore);
	}

}
