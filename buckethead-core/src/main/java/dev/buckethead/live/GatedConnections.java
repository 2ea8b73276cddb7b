package dev.buckethead.live;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;

/**
 * Wraps connections so that every statement, and every transaction from its first statement to its end,
 * holds a {@link ConnectionGate} shared. Everything else is passed straight through; {@code unwrap} reaches the
 * driver's own connection (needed, for example, to register SQLite functions).
 */
final class GatedConnections {

	private GatedConnections() {
	}

	static Connection wrap(Connection connection, ConnectionGate gate) {
		return (Connection) Proxy.newProxyInstance(GatedConnections.class.getClassLoader(),
				new Class<?>[] { Connection.class }, new ConnectionHandler(connection, gate));
	}

	private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
		try {
			return method.invoke(target, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
	}

	private static final class ConnectionHandler implements InvocationHandler {

		private final Connection target;

		private final ConnectionGate gate;

		/** Whether this connection holds the gate for its open transaction. One thread uses a connection. */
		private boolean holding;

		private boolean readOnly;

		/** The transaction mode to return to when the connection stops being read-only. */
		private org.sqlite.SQLiteConfig.TransactionMode writableMode = org.sqlite.SQLiteConfig.TransactionMode.DEFERRED;

		private Connection proxy;

		ConnectionHandler(Connection target, ConnectionGate gate) {
			this.target = target;
			this.gate = gate;
		}

		@Override
		public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
			this.proxy = (Connection) proxy;
			switch (method.getName()) {
				case "createStatement", "prepareStatement", "prepareCall" -> {
					Statement statement = (Statement) GatedConnections.invoke(target, method, args);
					return wrapStatement(statement);
				}
				case "commit", "setAutoCommit", "close" -> {
					try {
						return GatedConnections.invoke(target, method, args);
					}
					finally {
						releaseIfTransactionEnded();
					}
				}
				case "rollback" -> {
					try {
						return GatedConnections.invoke(target, method, args);
					}
					finally {
						if (args == null) {
							releaseIfTransactionEnded();
						}
					}
				}
				case "setReadOnly" -> {
					setReadOnly((Boolean) args[0]);
					return null;
				}
				case "isReadOnly" -> {
					return readOnly;
				}
				case "equals" -> {
					return proxy == args[0];
				}
				case "hashCode" -> {
					return System.identityHashCode(proxy);
				}
				case "toString" -> {
					return "Gated" + target;
				}
				default -> {
					return GatedConnections.invoke(target, method, args);
				}
			}
		}

		/**
		 * sqlite-jdbc fixes read-only at open; here it means what a pool and Spring's read-only transactions
		 * expect: transactions begin DEFERRED (readers never queue for the write lock, even on connections
		 * opened IMMEDIATE) and {@code query_only} refuses writes. Set it outside a transaction, as JDBC asks.
		 */
		private void setReadOnly(boolean value) throws java.sql.SQLException {
			if (value == readOnly) {
				return;
			}
			org.sqlite.SQLiteConnection sqlite = target.unwrap(org.sqlite.SQLiteConnection.class);
			if (value) {
				writableMode = sqlite.getConnectionConfig().getTransactionMode();
			}
			try (Statement statement = target.createStatement()) {
				statement.execute("PRAGMA query_only = " + (value ? "ON" : "OFF"));
			}
			sqlite.getConnectionConfig()
				.setTransactionMode(value ? org.sqlite.SQLiteConfig.TransactionMode.DEFERRED : writableMode);
			readOnly = value;
		}

		/** Runs one statement execution under the gate. */
		Object execute(Object statement, Method method, Object[] args) throws Throwable {
			if (holding) {
				return GatedConnections.invoke(statement, method, args);
			}
			gate.enter();
			boolean keep = false;
			try {
				Object result = GatedConnections.invoke(statement, method, args);
				// In a transaction, keep the gate until it ends: its writes must not straddle a replacement.
				keep = !target.isClosed() && !target.getAutoCommit();
				return result;
			}
			finally {
				if (keep) {
					holding = true;
				}
				else {
					gate.exit();
				}
			}
		}

		private void releaseIfTransactionEnded() throws java.sql.SQLException {
			// After commit or rollback a manual-commit connection starts its next transaction lazily, at its next
			// statement, which takes the gate again.
			if (holding) {
				holding = false;
				gate.exit();
			}
		}

		private Statement wrapStatement(Statement statement) {
			Class<?> type = statement instanceof CallableStatement ? CallableStatement.class
					: statement instanceof PreparedStatement ? PreparedStatement.class : Statement.class;
			return (Statement) Proxy.newProxyInstance(GatedConnections.class.getClassLoader(), new Class<?>[] { type },
					new StatementHandler(statement, this));
		}

	}

	private static final class StatementHandler implements InvocationHandler {

		private final Statement target;

		private final ConnectionHandler connection;

		StatementHandler(Statement target, ConnectionHandler connection) {
			this.target = target;
			this.connection = connection;
		}

		@Override
		public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
			String name = method.getName();
			if (name.startsWith("execute")) {
				return connection.execute(target, method, args);
			}
			return switch (name) {
				case "getConnection" -> connection.proxy;
				case "equals" -> proxy == args[0];
				case "hashCode" -> System.identityHashCode(proxy);
				case "toString" -> "Gated" + target;
				default -> GatedConnections.invoke(target, method, args);
			};
		}

	}

}
