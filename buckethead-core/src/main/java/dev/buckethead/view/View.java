package dev.buckethead.view;

import java.sql.Connection;
import java.sql.SQLException;

import dev.buckethead.BucketHeadException;
import dev.buckethead.bucket.BucketClient;

/**
 * Base class of the typed views on the live database ({@code KvStore}, {@code DocStore}, {@code FileStore}).
 * Write your own by extending it:
 * <ol>
 * <li>name your tables with the {@code bh_} prefix (or your own prefix) so they never collide with the
 * application's tables;</li>
 * <li>implement {@link #createSchema(Connection)} with {@code CREATE TABLE IF NOT EXISTS} statements: it runs
 * in the constructor, before any public method, and again after a branch switch brings in content without
 * your tables;</li>
 * <li>use {@link #context()} for this thread's connection and cached prepared statements;</li>
 * <li>wrap SQL failures with {@link #failure(String, SQLException)} so callers get a {@link BucketHeadException}
 * that says what was being done.</li>
 * </ol>
 * Because a view's rows live in the same SQLite database, they snapshot, restore and follow branches with
 * everything else.
 */
public abstract class View {

	private final ViewContext context;

	protected View(ViewContext context) {
		this.context = context;
		ensureSchema();
		context.onDatabaseReplaced(this::ensureSchema);
	}

	/**
	 * Creates this view's tables and indexes if they do not exist. Must be idempotent. Runs from the base
	 * constructor, so it must not read the subclass's instance fields.
	 */
	protected abstract void createSchema(Connection connection) throws SQLException;

	protected final ViewContext context() {
		return context;
	}

	protected final BucketClient bucket() {
		return context.bucket();
	}

	/** Runs {@code body} in one transaction on this thread's connection, rolling back if it throws. */
	protected final <T> T inTransaction(SqlWork<T> body) {
		Connection connection = context.connection();
		try {
			boolean wasAutoCommit = connection.getAutoCommit();
			if (!wasAutoCommit) {
				// Already inside this thread's transaction: join it.
				return body.run(connection);
			}
			connection.setAutoCommit(false);
			try {
				T result = body.run(connection);
				connection.commit();
				return result;
			}
			catch (SQLException | RuntimeException ex) {
				connection.rollback();
				throw ex;
			}
			finally {
				connection.setAutoCommit(true);
			}
		}
		catch (SQLException ex) {
			throw failure("run a transaction in " + getClass().getSimpleName(), ex);
		}
	}

	/** Wraps an SQL failure in an exception that says what this view was doing. */
	protected final BucketHeadException failure(String doing, SQLException cause) {
		return new BucketHeadException(getClass().getSimpleName() + " could not " + doing + ": " + cause.getMessage(),
				cause);
	}

	private void ensureSchema() {
		try {
			createSchema(context.connection());
		}
		catch (SQLException ex) {
			throw failure("create its tables", ex);
		}
	}

	/** Work on a connection that may throw {@link SQLException}. */
	@FunctionalInterface
	public interface SqlWork<T> {

		T run(Connection connection) throws SQLException;

	}

}
