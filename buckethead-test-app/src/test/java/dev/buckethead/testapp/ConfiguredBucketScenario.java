package dev.buckethead.testapp;

import java.util.Map;

import dev.buckethead.BucketSQLite;
import org.junit.jupiter.api.BeforeAll;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bucket the app itself has written, once per test JVM, outside the test framework (as the developer or
 * production did: one book, {@link #SEEDED}), and a {@code @SpringBootTest} configured with it that writes a book,
 * flushes and stops as at shutdown.
 */
abstract class ConfiguredBucketScenario {

	static final Book SEEDED = Book.of("Dune", "Herbert", "isbn-dune", 412);

	static final String BUCKET = theAppSaved(ShelfBucket.create("configured"), SEEDED);

	/** The bucket's objects and their ETags as the test class starts. */
	static Map<String, String> bucketBefore = Map.of();

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
	static void recordTheBucket() {
		bucketBefore = ShelfBucket.objects(BUCKET);
	}

	/** Runs the app on {@code bucket} to save {@code book}; returns the bucket. */
	private static String theAppSaved(String bucket, Book book) {
		ShelfBucket.runTheApp(bucket, (app) -> app.getBean(BookRepository.class).save(book));
		assertThat(ShelfBucket.objects(bucket)).isNotEmpty();
		return bucket;
	}

	/** Flushes and stops the context as at shutdown (its final flush included); the test framework closes it. */
	void flushAndStop() {
		this.database.forceFlush();
		this.context.stop();
	}

}
