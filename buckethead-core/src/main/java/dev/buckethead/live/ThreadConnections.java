package dev.buckethead.live;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.buckethead.BucketHeadException;

/**
 * One connection per thread, each with its own cache of prepared statements, all to the same live database.
 * Typed views use it so that their hot paths never re-prepare SQL and never share a statement between threads.
 * {@link #close()} closes every connection it opened, whichever thread opened it.
 */
public final class ThreadConnections implements AutoCloseable {

	private final ConnectionFactory factory;

	private final Set<Bound> all = ConcurrentHashMap.newKeySet();

	private final ThreadLocal<Bound> current = new ThreadLocal<>();

	private volatile boolean closed;

	public ThreadConnections(ConnectionFactory factory) {
		this.factory = factory;
	}

	/** This thread's connection, opened on first use. */
	public Connection connection() {
		return bound().connection;
	}

	/** A statement prepared once per thread and reused. */
	public PreparedStatement prepare(String sql) {
		Bound bound = bound();
		PreparedStatement statement = bound.statements.get(sql);
		if (statement == null) {
			try {
				statement = bound.connection.prepareStatement(sql);
			}
			catch (SQLException ex) {
				throw new BucketHeadException("Could not prepare SQL [" + sql + "]: " + ex.getMessage(), ex);
			}
			bound.statements.put(sql, statement);
		}
		return statement;
	}

	private Bound bound() {
		Bound bound = current.get();
		if (bound == null || bound.isClosed()) {
			if (closed) {
				throw new BucketHeadException("The database is closed; no new connections are handed out");
			}
			bound = new Bound(factory.open());
			all.add(bound);
			current.set(bound);
			if (closed) {
				// close() ran while this thread opened its connection: do not leak it.
				bound.close();
				throw new BucketHeadException("The database is closed; no new connections are handed out");
			}
		}
		return bound;
	}

	@Override
	public void close() {
		closed = true;
		for (Bound bound : all) {
			bound.close();
		}
		all.clear();
	}

	/** Opens a new connection to the live database. */
	@FunctionalInterface
	public interface ConnectionFactory {

		Connection open();

	}

	private static final class Bound {

		final Connection connection;

		// Only ever touched by the owning thread, except in close().
		final Map<String, PreparedStatement> statements = new HashMap<>();

		Bound(Connection connection) {
			this.connection = connection;
		}

		boolean isClosed() {
			try {
				return connection.isClosed();
			}
			catch (SQLException ex) {
				return true;
			}
		}

		void close() {
			try {
				connection.close();
			}
			catch (SQLException ignored) {
				// Closing on shutdown: nothing useful to do with a failure here.
			}
		}

	}

}
