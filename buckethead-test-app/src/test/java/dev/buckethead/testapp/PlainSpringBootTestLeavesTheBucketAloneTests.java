package dev.buckethead.testapp;

import java.util.Map;

import dev.buckethead.BucketSQLite;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #16 item 1: a plain {@code @SpringBootTest}, no BucketHead annotation, of an app whose
 * {@code application.yml} names a real S3 bucket that the app itself has written: with the test starter on the
 * test classpath the test neither restores from that bucket nor flushes into it, so every object there keeps its
 * key and ETag.
 */
@SpringBootTest
@DirtiesContext
class PlainSpringBootTestLeavesTheBucketAloneTests {

	static final String BUCKET = ShelfBucket.create("plain");

	private static Map<String, String> before;

	@Autowired
	BookRepository books;

	@Autowired
	BucketSQLite database;

	@Autowired
	ConfigurableApplicationContext context;

	@DynamicPropertySource
	static void bucket(DynamicPropertyRegistry registry) {
		ShelfBucket.register(registry, BUCKET);
	}

	@BeforeAll
	static void theAppRanOnTheBucket() {
		ShelfBucket.runTheApp(BUCKET,
				(app) -> app.getBean(BookRepository.class).save(Book.of("Production data", "Ops", "isbn-prod", 10)));
		before = ShelfBucket.objects(BUCKET);
		assertThat(before).isNotEmpty();
	}

	@Test
	void neitherRestoresFromNorFlushesIntoTheConfiguredBucket() {
		assertThat(this.database.bucket().describe()).doesNotContain(BUCKET);
		assertThat(this.books.findByIsbn("isbn-prod")).isEmpty();
		this.books.save(Book.of("Written by a test", "Test", "isbn-test", 20));
		this.database.forceFlush();
		// Stopped as at shutdown (the final flush runs here); the test framework closes it.
		this.context.stop();
		assertThat(ShelfBucket.objects(BUCKET)).isEqualTo(before);
	}

}
