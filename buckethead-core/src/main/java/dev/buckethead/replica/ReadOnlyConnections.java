package dev.buckethead.replica;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.jspecify.annotations.Nullable;

/**
 * Wraps a replica's read-only SQLite connections so that a write fails with {@link ReplicaReadOnlyException}
 * naming the branch, instead of SQLite's bare "attempt to write a readonly database". The connection is opened
 * with SQLite's read-only flag, so it is read-only whatever {@code setReadOnly} asks: {@code setReadOnly(true)}
 * (what {@code @Transactional(readOnly = true)} calls) is accepted, and so is {@code false}, which changes
 * nothing.
 */
final class ReadOnlyConnections {

	/** SQLite's primary result code for a write on a read-only database (extended codes keep it in the low byte). */
	private static final int SQLITE_READONLY = 8;

	private static final int MAX_STATEMENT_CHARS = 120;

	private ReadOnlyConnections() {
	}

	static Connection wrap(Connection connection, String branch) {
		return (Connection) Proxy.newProxyInstance(ReadOnlyConnections.class.getClassLoader(),
				new Class<?>[] { Connection.class }, new Handler(connection, branch, null));
	}

	/** Whether {@code ex} is SQLite refusing a write because the database is read-only. */
	static boolean isReadOnlyRefusal(SQLException ex) {
		return (ex.getErrorCode() & 0xff) == SQLITE_READONLY
				|| String.valueOf(ex.getMessage()).contains("attempt to write a readonly database");
	}

	private static final class Handler implements InvocationHandler {

		private final Object target;

		private final String branch;

		private final @Nullable String sql;

		Handler(Object target, String branch, @Nullable String sql) {
			this.target = target;
			this.branch = branch;
			this.sql = sql;
		}

		@Override
		public @Nullable Object invoke(Object proxy, Method method, Object @Nullable [] args) throws Throwable {
			String name = method.getName();
			if (target instanceof Connection) {
				if (name.equals("setReadOnly")) {
					return null;
				}
				if (name.equals("isReadOnly")) {
					return true;
				}
			}
			if (name.equals("unwrap") && args != null && ((Class<?>) args[0]).isInstance(proxy)) {
				return proxy;
			}
			try {
				Object result = method.invoke(target, args);
				if (result instanceof Statement statement && !(target instanceof Statement)) {
					String text = (args != null && args.length > 0 && args[0] instanceof String given) ? given : null;
					return Proxy.newProxyInstance(ReadOnlyConnections.class.getClassLoader(),
							interfacesOf(statement), new Handler(statement, branch, text));
				}
				return result;
			}
			catch (InvocationTargetException ex) {
				Throwable cause = ex.getCause();
				if (cause instanceof SQLException sqlException && isReadOnlyRefusal(sqlException)) {
					String statement = (args != null && args.length > 0 && args[0] instanceof String given) ? given
							: sql;
					throw new ReplicaReadOnlyException(branch, describe(statement), sqlException);
				}
				throw cause;
			}
		}

		private static String describe(@Nullable String statement) {
			if (statement == null) {
				return "a write statement";
			}
			String line = statement.strip().replaceAll("\\s+", " ");
			return line.length() <= MAX_STATEMENT_CHARS ? line : line.substring(0, MAX_STATEMENT_CHARS) + "...";
		}

		private static Class<?>[] interfacesOf(Statement statement) {
			if (statement instanceof java.sql.CallableStatement) {
				return new Class<?>[] { java.sql.CallableStatement.class };
			}
			if (statement instanceof java.sql.PreparedStatement) {
				return new Class<?>[] { java.sql.PreparedStatement.class };
			}
			return new Class<?>[] { Statement.class };
		}

	}

}
