package dev.buckethead.testapp;

import dev.buckethead.autoconfigure.test.AutoConfigureBucketHead;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #16 items 1 and 3: a test that opts in to the configured bucket ({@code ephemeral = false}) restores
 * what the app wrote there, and what it writes through the Spring Data JDBC repository (an update checked by
 * {@code @Version}, an insert) is durable: a second run of the app restores it from S3.
 */
@SpringBootTest
@AutoConfigureBucketHead(ephemeral = false)
@DirtiesContext
class OptedInSpringBootTestUsesTheBucketTests extends ConfiguredBucketScenario {

	@Test
	void restoresFromTheBucketAndWhatItWritesIsRestoredByTheNextRun() {
		Book restored = this.books.findByIsbn(SEEDED.isbn()).orElseThrow();
		assertThat(restored.version()).isZero();
		this.books.save(restored.withTitle("Dune (revised)"));
		this.books.save(Book.of("Emma", "Austen", "isbn-emma", 474));
		flushAndStop();
		assertThat(ShelfBucket.objects(BUCKET)).isNotEqualTo(bucketBefore);

		ShelfBucket.runTheApp(BUCKET, (app) -> {
			BookRepository again = app.getBean(BookRepository.class);
			assertThat(again.findByIsbn(SEEDED.isbn())).hasValueSatisfying((book) -> {
				assertThat(book.title()).isEqualTo("Dune (revised)");
				assertThat(book.version()).isEqualTo(1);
			});
			assertThat(again.findByIsbn("isbn-emma")).isPresent();
			assertThat(again.count()).isEqualTo(2);
		});
	}

}
