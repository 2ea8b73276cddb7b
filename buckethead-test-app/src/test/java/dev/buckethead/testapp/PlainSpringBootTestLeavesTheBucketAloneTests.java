package dev.buckethead.testapp;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #16 item 1: a plain {@code @SpringBootTest}, no BucketHead annotation, of an app whose
 * {@code application.yml} names a real S3 bucket that the app itself has written: with the test starter on the
 * test classpath the test neither restores from that bucket nor flushes into it, so every object there keeps its
 * key and ETag.
 */
@SpringBootTest
@DirtiesContext
class PlainSpringBootTestLeavesTheBucketAloneTests extends ConfiguredBucketScenario {

	@Test
	void neitherRestoresFromNorFlushesIntoTheConfiguredBucket() {
		assertThat(this.database.bucket().describe()).doesNotContain(BUCKET);
		assertThat(this.books.findByIsbn(SEEDED.isbn())).isEmpty();
		this.books.save(Book.of("Written by a test", "Test", "isbn-test", 20));
		flushAndStop();
		assertThat(ShelfBucket.objects(BUCKET)).isEqualTo(bucketBefore);
	}

}
