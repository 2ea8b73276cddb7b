package dev.buckethead.testapp;

import java.util.List;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.buckethead.autoconfigure.test.AutoConfigureBucketHead;
import dev.buckethead.autoconfigure.test.EphemeralBucket;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jdbc.test.autoconfigure.DataJdbcTest;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Issue #16 items 1, 3 and 4: the {@code @DataJdbcTest} slice with {@link AutoConfigureBucketHead} runs the app's
 * repository on the BucketHead DataSource (an ephemeral bucket, the app's Flyway migration applied, the SQLite
 * dialect found without configuration): CRUD, derived queries, paging and sorting, {@code @Version}, and the
 * constraint violations Spring Data JDBC raises translated. The dialect's own cases are in
 * {@code BucketHeadDataJdbcTests}; this is the user's app.
 */
@DataJdbcTest
@AutoConfigureBucketHead
class ShelfRepositoryDataJdbcTests {

	static final String BUCKET = ShelfBucket.create("data-jdbc");

	@Autowired
	BookRepository books;

	@Autowired
	DataSource dataSource;

	@Autowired
	EphemeralBucket bucket;

	@Autowired
	JdbcClient jdbc;

	@DynamicPropertySource
	static void bucket(DynamicPropertyRegistry registry) {
		ShelfBucket.register(registry, BUCKET);
	}

	@Test
	void theSliceRunsOnTheBucketHeadDataSourceMigratedByFlyway() {
		assertThat(this.dataSource).isInstanceOfSatisfying(HikariDataSource.class,
				(pool) -> assertThat(pool.getPoolName()).isEqualTo("buckethead"));
		assertThat(this.bucket.bucketDirectory()).isDirectory();
		assertThat(this.jdbc.sql("SELECT version FROM flyway_schema_history WHERE success = 1")
			.query(String.class)
			.list()).containsExactly("1");
	}

	@Test
	void crudDerivedQueriesPagingAndSorting() {
		List<Book> saved = this.books.saveAll(List.of(Book.of("Persuasion", "Austen", "isbn-1", 249),
				Book.of("Emma", "Austen", "isbn-2", 474), Book.of("Dune", "Herbert", "isbn-3", 412),
				Book.of("Mansfield Park", "Austen", "isbn-4", 507)));
		assertThat(saved).allSatisfy((book) -> assertThat(book.id()).isNotNull());
		assertThat(this.books.findById(saved.get(2).id())).contains(saved.get(2));

		assertThat(this.books.findByAuthorOrderByTitleAsc("Austen")).extracting(Book::title)
			.containsExactly("Emma", "Mansfield Park", "Persuasion");
		Page<Book> longest = this.books.findByAuthor("Austen", PageRequest.of(0, 2, Sort.by("pages").descending()));
		assertThat(longest.getContent()).extracting(Book::title).containsExactly("Mansfield Park", "Emma");
		assertThat(longest.getTotalElements()).isEqualTo(3);
		assertThat(this.books.findAll(PageRequest.of(1, 3, Sort.by("title")))).extracting(Book::title)
			.containsExactly("Persuasion");
		assertThat(this.books.countByPagesGreaterThan(450)).isEqualTo(2);

		this.books.deleteById(saved.get(0).id());
		assertThat(this.books.existsById(saved.get(0).id())).isFalse();
		assertThat(this.books.count()).isEqualTo(3);
	}

	@Test
	void aStaleVersionIsAnOptimisticLockingFailure() {
		Book mine = this.books.save(Book.of("Dune", "Herbert", "isbn-dune", 412));
		Book updated = this.books.save(mine.withTitle("Dune (revised)"));
		assertThat(updated.version()).isEqualTo(mine.version() + 1);
		assertThatExceptionOfType(OptimisticLockingFailureException.class)
			.isThrownBy(() -> this.books.save(mine.withTitle("Dune (stale)")));
	}

	@Test
	void constraintViolationsThroughTheRepositoryAreTranslated() {
		this.books.save(Book.of("Dune", "Herbert", "isbn-dune", 412));
		assertThat(catchThrowable(() -> this.books.save(Book.of("Not Dune", "Someone", "isbn-dune", 10))))
			.isInstanceOf(DuplicateKeyException.class);
		assertThat(catchThrowable(() -> this.books.save(Book.of("Empty", "Nobody", "isbn-empty", 0))))
			.isInstanceOf(DataIntegrityViolationException.class)
			.isNotInstanceOf(DuplicateKeyException.class);
	}

}
