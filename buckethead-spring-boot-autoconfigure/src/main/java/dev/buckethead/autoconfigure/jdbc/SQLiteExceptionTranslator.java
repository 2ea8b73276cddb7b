package dev.buckethead.autoconfigure.jdbc;

import java.sql.SQLException;

import org.jspecify.annotations.Nullable;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.dao.PermissionDeniedDataAccessException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.support.AbstractFallbackSQLExceptionTranslator;
import org.springframework.jdbc.support.SQLExceptionSubclassTranslator;
import org.springframework.jdbc.support.SQLExceptionTranslator;

/**
 * Translates SQLite's result codes ({@link SQLiteException#getResultCode()}, extended codes included) into
 * Spring's {@link DataAccessException} family. SQLite reports no SQLState and Spring ships no error codes for it,
 * so without this every failure would be an {@code UncategorizedSQLException}.
 * <p>
 * An exception that is not SQLite's (another database behind the same template) goes to the fallback translator
 * unchanged, so one translator can serve an application with more than one database.
 */
public class SQLiteExceptionTranslator extends AbstractFallbackSQLExceptionTranslator {

	/** Falls back to Spring's translation by {@link SQLException} subclass and SQLState. */
	public SQLiteExceptionTranslator() {
		this(new SQLExceptionSubclassTranslator());
	}

	/** Falls back to the given translator for what is not SQLite's. */
	public SQLiteExceptionTranslator(SQLExceptionTranslator fallback) {
		setFallbackTranslator(fallback);
	}

	@Override
	protected @Nullable DataAccessException doTranslate(String task, @Nullable String sql, SQLException ex) {
		SQLiteException sqlite = findSQLiteException(ex);
		if (sqlite == null) {
			return null;
		}
		return translate(buildMessage(task, sql, ex), sql, ex, sqlite.getResultCode());
	}

	/**
	 * The decision: which exception a result code stands for, or {@code null} for one that has no better category
	 * than the fallback's.
	 */
	static @Nullable DataAccessException translate(String message, @Nullable String sql, SQLException ex,
			SQLiteErrorCode code) {
		return switch (code) {
			case SQLITE_CONSTRAINT_UNIQUE, SQLITE_CONSTRAINT_PRIMARYKEY, SQLITE_CONSTRAINT_ROWID ->
				new DuplicateKeyException(message, ex);
			case SQLITE_READONLY_ROLLBACK, SQLITE_READONLY_RECOVERY, SQLITE_READONLY_CANTLOCK,
					SQLITE_READONLY_CANTINIT ->
				// A hot journal or WAL that cannot be replayed read-only: the file, not the write, is the problem.
				new DataAccessResourceFailureException(message, ex);
			default -> translatePrimary(message, sql, ex, primary(code));
		};
	}

	private static @Nullable DataAccessException translatePrimary(String message, @Nullable String sql,
			SQLException ex, SQLiteErrorCode primary) {
		return switch (primary) {
			case SQLITE_CONSTRAINT, SQLITE_MISMATCH, SQLITE_TOOBIG -> new DataIntegrityViolationException(message, ex);
			case SQLITE_BUSY -> new CannotAcquireLockException(message + " (another connection held the "
					+ "database's lock for longer than the busy timeout, buckethead.database.busy-timeout: keep "
					+ "write transactions short, or retry)", ex);
			case SQLITE_LOCKED -> new CannotAcquireLockException(message + " (a table is in use by another "
					+ "statement of the same connection: close its result set first)", ex);
			case SQLITE_READONLY -> new PermissionDeniedDataAccessException(message + " (the connection refuses "
					+ "writes: inside @Transactional(readOnly = true) only reads are allowed; write in a read-write "
					+ "transaction)", ex);
			case SQLITE_ERROR -> new BadSqlGrammarException(message, (sql != null) ? sql : "", ex);
			case SQLITE_RANGE, SQLITE_MISUSE -> new InvalidDataAccessApiUsageException(message, ex);
			case SQLITE_NOMEM -> new TransientDataAccessResourceException(message, ex);
			case SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_NOTADB, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_PERM ->
				new DataAccessResourceFailureException(message, ex);
			default -> null;
		};
	}

	/** Extended codes keep their primary code in the low byte. */
	static SQLiteErrorCode primary(SQLiteErrorCode code) {
		return SQLiteErrorCode.getErrorCode(code.code & 0xff);
	}

	/** The driver's exception may arrive wrapped, by a pool or by BucketHead's gated connections. */
	private static @Nullable SQLiteException findSQLiteException(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLiteException sqlite) {
				return sqlite;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return null;
	}

}
