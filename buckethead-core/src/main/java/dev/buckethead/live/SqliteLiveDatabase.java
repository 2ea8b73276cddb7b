package dev.buckethead.live;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import org.sqlite.SQLiteConnection;
import org.sqlite.core.DB;

/**
 * What both storages share: connection settings, the private snapshot connection, {@code data_version}, and
 * replacing content through SQLite's backup API (which bumps the schema cookie, so open connections reload).
 */
abstract class SqliteLiveDatabase implements LiveDatabase {

	/** Whole database in one backup step: a multi-step backup restarts whenever another connection writes. */
	private static final int ALL_PAGES = -1;

	protected final LiveDatabaseOptions options;

	private final ConnectionGate gate;

	private Connection snapshotConnection;

	SqliteLiveDatabase(LiveDatabaseOptions options) {
		this.options = options;
		this.gate = new ConnectionGate(options.busyTimeout());
	}

	/** The JDBC URL of the live database. */
	protected abstract String url();

	/** Pragmas every connection gets beyond the busy timeout. */
	protected abstract void configure(Properties properties);

	/** Opens the snapshot connection; subclasses call this once the database exists. Not gated. */
	protected final void openSnapshotConnection() {
		this.snapshotConnection = openDirect(TransactionMode.DEFERRED);
	}

	/** Opens a private connection (not gated, no busy handler beyond the timeout) for the storage's own use. */
	protected final Connection openPrivateConnection() {
		return openDirect(TransactionMode.DEFERRED);
	}

	@Override
	public final ConnectionGate gate() {
		return gate;
	}

	protected final Connection snapshotConnection() {
		return snapshotConnection;
	}

	@Override
	public final Connection open(TransactionMode mode) {
		Connection connection = openDirect(mode);
		try {
			org.sqlite.BusyHandler.setHandler(connection, new ShortWaitBusyHandler(options.busyTimeout()));
		}
		catch (SQLException ex) {
			closeQuietly(connection);
			throw new LiveDatabaseException("Cannot set up a connection to the live database: " + ex.getMessage(), ex);
		}
		return GatedConnections.wrap(connection, gate);
	}

	private static void closeQuietly(Connection connection) {
		try {
			connection.close();
		}
		catch (SQLException ignored) {
			// Already failing; the first error is the one to report.
		}
	}

	private Connection openDirect(TransactionMode mode) {
		Properties properties = new Properties();
		properties.setProperty("transaction_mode", mode.name());
		properties.setProperty("busy_timeout", Long.toString(options.busyTimeout().toMillis()));
		configure(properties);
		try {
			return new org.sqlite.JDBC().connect(url(), properties);
		}
		catch (SQLException ex) {
			throw new LiveDatabaseException("Cannot open a connection to the live database (" + describe() + "): "
					+ ex.getMessage(), ex);
		}
	}

	@Override
	public final long dataVersion() {
		try {
			return queryLong(snapshotConnection, "PRAGMA data_version");
		}
		catch (SQLException ex) {
			throw new LiveDatabaseException("Cannot read data_version of the live database: " + ex.getMessage(), ex);
		}
	}

	@Override
	public final long replaceWith(Path source) {
		try {
			prepareForLoad(source);
			long baseline = queryLong(snapshotConnection, "PRAGMA data_version");
			DB db = ((SQLiteConnection) snapshotConnection).getDatabase();
			int rc = db.restore("main", source.toString(), null, 50, 200, ALL_PAGES);
			if (rc != 0) {
				throw new LiveDatabaseException("Loading " + source + " into the live database failed with SQLite code "
						+ rc + " (another connection held a lock for too long?)");
			}
			contentReplaced();
			// The snapshot connection's own writes do not change its data_version, so the value read before the
			// load stays the baseline: a commit by anyone else from here on shows up as a change.
			return baseline;
		}
		catch (SQLException ex) {
			throw new LiveDatabaseException("Cannot load " + source + " into the live database: " + ex.getMessage(), ex);
		}
	}

	/** Runs after {@link #replaceWith} loaded new content; nothing by default. */
	protected void contentReplaced() {
	}

	/** Adjusts a database file before its content is loaded; nothing by default. */
	protected void prepareForLoad(Path source) {
	}

	protected static long queryLong(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
			rs.next();
			return rs.getLong(1);
		}
	}

	protected static void execute(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	protected final void closeSnapshotConnection() {
		if (snapshotConnection != null) {
			try {
				snapshotConnection.close();
			}
			catch (SQLException ignored) {
				// Shutting down; the files are removed next anyway.
			}
		}
	}

}
