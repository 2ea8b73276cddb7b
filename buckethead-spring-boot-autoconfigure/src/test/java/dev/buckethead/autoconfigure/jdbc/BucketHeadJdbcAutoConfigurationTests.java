package dev.buckethead.autoconfigure.jdbc;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;

import javax.sql.DataSource;

import dev.buckethead.autoconfigure.BucketHeadAutoConfiguration;
import dev.buckethead.autoconfigure.BucketHeadDataSourceAutoConfiguration;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionManagerCustomizationAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.PermissionDeniedDataAccessException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SQLExceptionTranslator;
import org.springframework.jdbc.support.SQLStateSQLExceptionTranslator;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * SQLite's result codes, raised by a real SQLite behind the BucketHead DataSource, as {@code JdbcTemplate},
 * {@code JdbcClient} and the transaction manager report them.
 */
class BucketHeadJdbcAutoConfigurationTests {

	private static final String[] SCHEMA = {
			"CREATE TABLE parent (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, qty INTEGER CHECK (qty >= 0))",
			"CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent (id))",
			"CREATE TABLE late_child (id INTEGER PRIMARY KEY, "
					+ "parent_id INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED)",
			"CREATE TABLE pair (a INTEGER, b INTEGER, PRIMARY KEY (a, b)) WITHOUT ROWID",
			"CREATE TABLE audited (id INTEGER PRIMARY KEY)",
			"CREATE TRIGGER audited_kept BEFORE DELETE ON audited BEGIN SELECT RAISE(ABORT, 'audited rows are kept'); END",
			"INSERT INTO parent VALUES (1, 'one', 1)", "INSERT INTO pair VALUES (1, 1)",
			"INSERT INTO audited VALUES (1)" };

	@TempDir
	Path temp;

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(BucketHeadAutoConfiguration.class,
					BucketHeadDataSourceAutoConfiguration.class, BucketHeadJdbcAutoConfiguration.class,
					DataSourceAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
					JdbcClientAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
					TransactionAutoConfiguration.class, TransactionManagerCustomizationAutoConfiguration.class))
			.withPropertyValues("buckethead.bucket.local-directory=" + this.temp.resolve("bucket"),
					"buckethead.database.directory=" + this.temp.resolve("live"), "buckethead.snapshot.interval=0",
					"buckethead.database.busy-timeout=100ms",
					"spring.datasource.hikari.connection-init-sql=PRAGMA foreign_keys = ON");
	}

	/** A context whose database holds {@link #SCHEMA}. */
	private void withSchema(ContextConsumer<AssertableApplicationContext> test) {
		runner().run((context) -> {
			context.getBean(JdbcTemplate.class).batchUpdate(SCHEMA);
			test.accept(context);
		});
	}

	private static TransactionTemplate transaction(AssertableApplicationContext context) {
		return new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
	}

	private record Row(String sql, Class<? extends DataAccessException> expected, SQLiteErrorCode code) {
	}

	@Test
	void constraintAndGrammarCodesThroughJdbcTemplateAndJdbcClient() {
		Row[] table = {
				new Row("INSERT INTO parent VALUES (2, 'one', 1)", DuplicateKeyException.class,
						SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE),
				new Row("INSERT INTO parent VALUES (1, 'uno', 1)", DuplicateKeyException.class,
						SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY),
				new Row("INSERT INTO pair VALUES (1, 1)", DuplicateKeyException.class,
						SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY),
				new Row("INSERT INTO parent (id, name) VALUES (3, NULL)", DataIntegrityViolationException.class,
						SQLiteErrorCode.SQLITE_CONSTRAINT_NOTNULL),
				new Row("INSERT INTO parent VALUES (4, 'four', -1)", DataIntegrityViolationException.class,
						SQLiteErrorCode.SQLITE_CONSTRAINT_CHECK),
				new Row("INSERT INTO child VALUES (1, 99)", DataIntegrityViolationException.class,
						SQLiteErrorCode.SQLITE_CONSTRAINT_FOREIGNKEY),
				new Row("DELETE FROM audited", DataIntegrityViolationException.class,
						SQLiteErrorCode.SQLITE_CONSTRAINT_TRIGGER),
				new Row("INSERT INTO parent (id, name) VALUES ('not a number', 'five')",
						DataIntegrityViolationException.class, SQLiteErrorCode.SQLITE_MISMATCH),
				new Row("SELECT * FROM no_such_table", BadSqlGrammarException.class, SQLiteErrorCode.SQLITE_ERROR) };
		withSchema((context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			JdbcClient client = context.getBean(JdbcClient.class);
			SoftAssertions softly = new SoftAssertions();
			for (Row row : table) {
				assertRaises(softly, row, () -> jdbc.execute(row.sql()));
				assertRaises(softly, row, () -> client.sql(row.sql()).update());
			}
			softly.assertAll();
		});
	}

	@Test
	void writeInReadOnlyTransactionIsPermissionDenied() {
		withSchema((context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			TransactionTemplate readOnly = transaction(context);
			readOnly.setReadOnly(true);
			assertRaises(new Row("INSERT INTO parent VALUES (6, 'six', 6)", PermissionDeniedDataAccessException.class,
					SQLiteErrorCode.SQLITE_READONLY),
					() -> readOnly.executeWithoutResult((status) -> jdbc.update("INSERT INTO parent VALUES (6, 'six', 6)")));
		});
	}

	@Test
	void writeWhileAnotherConnectionHoldsTheLockIsCannotAcquireLock() {
		withSchema((context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			try (Connection holder = context.getBean(DataSource.class).getConnection();
					Statement statement = holder.createStatement()) {
				holder.setAutoCommit(false);
				statement.execute("INSERT INTO parent VALUES (7, 'seven', 7)");
				assertRaises(new Row("INSERT INTO parent VALUES (8, 'eight', 8)", CannotAcquireLockException.class,
						SQLiteErrorCode.SQLITE_BUSY), () -> jdbc.update("INSERT INTO parent VALUES (8, 'eight', 8)"));
				holder.rollback();
			}
		});
	}

	@Test
	void dropWhileTheSameConnectionReadsTheTableIsCannotAcquireLock() {
		withSchema((context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			jdbc.batchUpdate("INSERT INTO parent VALUES (9, 'nine', 9)", "INSERT INTO parent VALUES (10, 'ten', 10)");
			assertRaises(new Row("DROP TABLE parent", CannotAcquireLockException.class, SQLiteErrorCode.SQLITE_LOCKED),
					() -> transaction(context).executeWithoutResult((status) -> jdbc.query("SELECT id FROM parent",
							(RowCallbackHandler) (rows) -> jdbc.execute("DROP TABLE parent"))));
		});
	}

	@Test
	void foreignKeyCheckedAtCommitIsTranslatedByTheTransactionManager() {
		withSchema((context) -> {
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			assertRaises(new Row("COMMIT", DataIntegrityViolationException.class,
					SQLiteErrorCode.SQLITE_CONSTRAINT_FOREIGNKEY), () -> transaction(context)
						.executeWithoutResult((status) -> jdbc.update("INSERT INTO late_child VALUES (1, 99)")));
			assertThat(jdbc.queryForObject("SELECT count(*) FROM late_child", Integer.class)).isZero();
		});
	}

	@Test
	void applicationTranslatorReplacesBucketHeads() {
		runner().withUserConfiguration(UserTranslator.class).run((context) -> {
			assertThat(context).doesNotHaveBean(SQLiteExceptionTranslator.class);
			assertThat(context.getBean(JdbcTemplate.class).getExceptionTranslator())
				.isSameAs(context.getBean(SQLExceptionTranslator.class));
		});
	}

	@Test
	void backsOffWithoutBucketHead() {
		runner().withPropertyValues("buckethead.enabled=false",
				"spring.datasource.url=jdbc:sqlite:" + this.temp.resolve("plain.db")).run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(SQLiteExceptionTranslator.class);
		});
	}

	private static void assertRaises(Row row, Runnable action) {
		SoftAssertions.assertSoftly((softly) -> assertRaises(softly, row, action));
	}

	private static void assertRaises(SoftAssertions softly, Row row, Runnable action) {
		DataAccessException thrown = catchThrowableOfType(DataAccessException.class, action::run);
		softly.assertThat(thrown).as(row.sql()).isExactlyInstanceOf(row.expected());
		if (thrown != null) {
			SQLiteException cause = findSQLiteException(thrown);
			softly.assertThat((cause != null) ? cause.getResultCode() : null)
				.as(row.sql() + ": SQLite's result code")
				.isEqualTo(row.code());
		}
	}

	private static SQLiteException findSQLiteException(Throwable thrown) {
		for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLiteException sqlite) {
				return sqlite;
			}
		}
		return null;
	}

	@Configuration(proxyBeanMethods = false)
	static class UserTranslator {

		@Bean
		SQLExceptionTranslator userTranslator() {
			return new SQLStateSQLExceptionTranslator();
		}

	}

}
