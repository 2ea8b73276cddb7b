package dev.buckethead.testapp;

import java.sql.Connection;
import java.sql.Statement;

import javax.sql.DataSource;

import dev.buckethead.autoconfigure.test.AutoConfigureBucketHead;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.test.autoconfigure.JdbcTest;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.NonTransientDataAccessException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Issue #16 items 1 and 4: a {@code @JdbcTest} slice with {@link AutoConfigureBucketHead} that starts from a
 * snapshot fixture, a plain SQLite file of the app's schema with three books (the original library's snapshot
 * format), and SQLite's result codes as Spring's exceptions through {@link JdbcTemplate} and {@link JdbcClient}.
 * Every code's translation is table-tested in {@code BucketHeadJdbcAutoConfigurationTests}; this is the user's
 * app, one case per family.
 */
@JdbcTest
@AutoConfigureBucketHead(restoreFrom = "classpath:fixtures/shelf.db")
@TestPropertySource(properties = "buckethead.database.busy-timeout=100ms")
class ShelfJdbcTests {

	static final String BUCKET = ShelfBucket.create("jdbc");

	@Autowired
	JdbcTemplate jdbcTemplate;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	DataSource dataSource;

	@DynamicPropertySource
	static void bucket(DynamicPropertyRegistry registry) {
		ShelfBucket.register(registry, BUCKET);
	}

	@Test
	void startsFromTheFixture() {
		assertThat(this.jdbc.sql("SELECT title FROM book ORDER BY title").query(String.class).list())
			.containsExactly("Dune", "Emma", "Persuasion");
	}

	@Test
	void uniqueIsADuplicateKeyAndOtherConstraintsAreIntegrityViolations() {
		String duplicate = "INSERT INTO book (title, author, isbn, pages, version) VALUES ('Copy', 'X', 'isbn-dune', 1, 0)";
		String noPages = "INSERT INTO book (title, author, isbn, pages, version) VALUES ('Blank', 'X', 'isbn-blank', 0, 0)";
		assertThat(catchThrowable(() -> this.jdbcTemplate.update(duplicate))).isInstanceOf(DuplicateKeyException.class);
		assertThat(catchThrowable(() -> this.jdbc.sql(duplicate).update())).isInstanceOf(DuplicateKeyException.class);
		assertThat(catchThrowable(() -> this.jdbcTemplate.update(noPages)))
			.isInstanceOf(DataIntegrityViolationException.class)
			.isNotInstanceOf(DuplicateKeyException.class);
		assertThat(catchThrowable(() -> this.jdbc.sql(noPages).update()))
			.isInstanceOf(DataIntegrityViolationException.class)
			.isNotInstanceOf(DuplicateKeyException.class);
	}

	/** Outside the test's transaction, which would hold the write lock itself (BucketHead begins IMMEDIATE). */
	@Test
	@Transactional(propagation = Propagation.NOT_SUPPORTED)
	void aWriteWhileAnotherConnectionHoldsTheLockIsAPessimisticLockingFailure() throws Exception {
		try (Connection holder = this.dataSource.getConnection(); Statement statement = holder.createStatement()) {
			holder.setAutoCommit(false);
			statement.execute("UPDATE book SET pages = pages + 1");
			assertThat(catchThrowable(() -> this.jdbc.sql("UPDATE book SET pages = pages + 2").update()))
				.isInstanceOf(PessimisticLockingFailureException.class);
			holder.rollback();
		}
	}

	@Test
	@Transactional(readOnly = true)
	void aWriteInAReadOnlyTransactionIsNonTransient() {
		assertThat(catchThrowable(() -> this.jdbcTemplate.update("UPDATE book SET pages = pages + 1")))
			.isInstanceOf(NonTransientDataAccessException.class)
			.hasMessageContaining("read");
	}

}
