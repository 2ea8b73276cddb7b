package dev.buckethead.autoconfigure.jdbc;

import java.sql.SQLException;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.dao.NonTransientDataAccessException;
import org.springframework.dao.PermissionDeniedDataAccessException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.jdbc.BadSqlGrammarException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sqlite.SQLiteErrorCode.*;

/** The decision table: each SQLite result code and the exception it becomes. */
class SQLiteExceptionTranslatorTests {

	private final SQLiteExceptionTranslator translator = new SQLiteExceptionTranslator();

	static Stream<Arguments> table() {
		return Stream.of(Arguments.of(SQLITE_CONSTRAINT_UNIQUE, DuplicateKeyException.class),
				Arguments.of(SQLITE_CONSTRAINT_PRIMARYKEY, DuplicateKeyException.class),
				Arguments.of(SQLITE_CONSTRAINT_ROWID, DuplicateKeyException.class),
				Arguments.of(SQLITE_CONSTRAINT_NOTNULL, DataIntegrityViolationException.class),
				Arguments.of(SQLITE_CONSTRAINT_CHECK, DataIntegrityViolationException.class),
				Arguments.of(SQLITE_CONSTRAINT_FOREIGNKEY, DataIntegrityViolationException.class),
				Arguments.of(SQLITE_CONSTRAINT_TRIGGER, DataIntegrityViolationException.class),
				Arguments.of(SQLITE_CONSTRAINT_DATATYPE, DataIntegrityViolationException.class),
				Arguments.of(SQLITE_CONSTRAINT, DataIntegrityViolationException.class),
				Arguments.of(SQLITE_MISMATCH, DataIntegrityViolationException.class),
				Arguments.of(SQLITE_TOOBIG, DataIntegrityViolationException.class),
				Arguments.of(SQLITE_BUSY, CannotAcquireLockException.class),
				Arguments.of(SQLITE_BUSY_SNAPSHOT, CannotAcquireLockException.class),
				Arguments.of(SQLITE_BUSY_TIMEOUT, CannotAcquireLockException.class),
				Arguments.of(SQLITE_LOCKED, CannotAcquireLockException.class),
				Arguments.of(SQLITE_LOCKED_SHAREDCACHE, CannotAcquireLockException.class),
				Arguments.of(SQLITE_READONLY, PermissionDeniedDataAccessException.class),
				Arguments.of(SQLITE_READONLY_DBMOVED, PermissionDeniedDataAccessException.class),
				Arguments.of(SQLITE_READONLY_DIRECTORY, PermissionDeniedDataAccessException.class),
				Arguments.of(SQLITE_READONLY_RECOVERY, DataAccessResourceFailureException.class),
				Arguments.of(SQLITE_READONLY_ROLLBACK, DataAccessResourceFailureException.class),
				Arguments.of(SQLITE_ERROR, BadSqlGrammarException.class),
				Arguments.of(SQLITE_RANGE, InvalidDataAccessApiUsageException.class),
				Arguments.of(SQLITE_MISUSE, InvalidDataAccessApiUsageException.class),
				Arguments.of(SQLITE_NOMEM, TransientDataAccessResourceException.class),
				Arguments.of(SQLITE_IOERR_WRITE, DataAccessResourceFailureException.class),
				Arguments.of(SQLITE_CORRUPT, DataAccessResourceFailureException.class),
				Arguments.of(SQLITE_NOTADB, DataAccessResourceFailureException.class),
				Arguments.of(SQLITE_FULL, DataAccessResourceFailureException.class),
				Arguments.of(SQLITE_CANTOPEN_ISDIR, DataAccessResourceFailureException.class));
	}

	/** No better category than Spring's own: left to the fallback, and the template's UncategorizedSQLException. */
	@ParameterizedTest
	@EnumSource(names = { "SQLITE_INTERRUPT", "SQLITE_SCHEMA", "SQLITE_ABORT" })
	void leavesUncategorizedCodesToTheFallback(SQLiteErrorCode code) {
		assertThat(this.translator.translate("test", null, new SQLiteException(code.message, code))).isNull();
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@MethodSource("table")
	void translatesEachResultCode(SQLiteErrorCode code, Class<? extends DataAccessException> expected) {
		SQLiteException ex = new SQLiteException("[" + code.name() + "] " + code.message, code);
		DataAccessException translated = this.translator.translate("test", "SELECT 1", ex);
		assertThat(translated).isExactlyInstanceOf(expected).hasCause(ex);
		assertThat(translated.getMessage()).contains("test", "SELECT 1", code.name());
	}

	@Test
	void readOnlyIsNonTransientAndSaysWhatToDo() {
		SQLiteException ex = new SQLiteException("attempt to write a readonly database", SQLITE_READONLY);
		assertThat(this.translator.translate("insert", "INSERT INTO t VALUES (1)", ex))
			.isInstanceOf(NonTransientDataAccessException.class)
			.hasMessageContaining("@Transactional(readOnly = true)");
	}

	@Test
	void findsTheDriverExceptionBehindAWrapper() {
		SQLiteException cause = new SQLiteException("UNIQUE constraint failed: t.id", SQLITE_CONSTRAINT_UNIQUE);
		SQLException wrapper = new SQLException("wrapped by a pool", cause);
		assertThat(this.translator.translate("insert", null, wrapper)).isInstanceOf(DuplicateKeyException.class);
	}

	@Test
	void leavesOtherDatabasesToTheFallback() {
		SQLException postgres = new SQLException("duplicate key value violates unique constraint", "23505", 0);
		assertThat(this.translator.translate("insert", null, postgres)).isInstanceOf(DuplicateKeyException.class);
		SQLException unknown = new SQLException("something else", "99999", 0);
		assertThat(this.translator.translate("insert", null, unknown)).isNull();
	}

	@Test
	void primaryCodeOfAnExtendedCode() {
		assertThat(SQLiteExceptionTranslator.primary(SQLITE_CONSTRAINT_NOTNULL)).isEqualTo(SQLITE_CONSTRAINT);
		assertThat(SQLiteExceptionTranslator.primary(SQLITE_BUSY)).isEqualTo(SQLITE_BUSY);
	}

}
