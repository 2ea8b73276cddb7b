package dev.buckethead.testapp;

import java.util.Map;

import dev.buckethead.BucketSQLite;
import dev.buckethead.autoconfigure.test.AutoConfigureBucketHead;
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
 * Issue #16 items 1 and 3: a test that opts in to the configured bucket ({@code ephemeral = false}) restores
 * what the app wrote there, and what it writes through the Spring Data JDBC repository (an update checked by
 * {@code @Version}, an insert) is durable: a second run of the app restores it from S3.
 */
@SpringBootTest
@AutoConfigureBucketHead(ephemeral = false)
@DirtiesContext
class OptedInSpringBootTestUsesTheBucketTests {

	static final String BUCKET = ShelfBucket.create("opted-in");

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
				(app) -> app.getBean(BookRepository.class).save(Book.of("Dune", "Herbert", "isbn-dune", 412)));
		before = ShelfBucket.objects(BUCKET);
	}

	@Test
	void restoresFromTheBucketAndWhatItWritesIsRestoredByTheNextRun() {
		Book restored = this.books.findByIsbn("isbn-dune").orElseThrow();
		assertThat(restored.version()).isZero();
		this.books.save(restored.withTitle("Dune (revised)"));
		this.books.save(Book.of("Emma", "Austen", "isbn-emma", 474));
		this.database.forceFlush();
		// Stopped as at shutdown (the final flush runs here); the test framework closes it.
		this.context.stop();
		assertThat(ShelfBucket.objects(BUCKET)).isNotEqualTo(before);

		ShelfBucket.runTheApp(BUCKET, (app) -> {
			BookRepository again = app.getBean(BookRepository.class);
			assertThat(again.findByIsbn("isbn-dune")).hasValueSatisfying((book) -> {
				assertThat(book.title()).isEqualTo("Dune (revised)");
				assertThat(book.version()).isEqualTo(1);
			});
			assertThat(again.findByIsbn("isbn-emma")).isPresent();
			assertThat(again.count()).isEqualTo(2);
		});
	}

}
