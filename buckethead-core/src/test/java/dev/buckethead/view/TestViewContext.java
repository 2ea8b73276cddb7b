package dev.buckethead.view;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.buckethead.BucketHeadException;
import dev.buckethead.bucket.BucketClient;
import dev.buckethead.live.ThreadConnections;
import dev.buckethead.snapshot.ReferenceSource;

/**
 * A {@link ViewContext} over a private in-memory SQLite database, for testing a view's SQL on its own. Tests of
 * snapshot, restore and branches use a real {@code BucketSQLite} instead.
 */
public final class TestViewContext implements ViewContext, AutoCloseable {

	private final String url = "jdbc:sqlite:file:/view-test-" + UUID.randomUUID() + "?vfs=memdb";

	// Keeps the memdb alive between thread connections.
	private final Connection anchor;

	private final ThreadConnections connections;

	private final BucketClient bucket;

	private final List<Runnable> replacedActions = new CopyOnWriteArrayList<>();

	private final List<ReferenceSource> referenceSources = new CopyOnWriteArrayList<>();

	private volatile Set<String> retainedReferences = Set.of();

	public TestViewContext(BucketClient bucket) {
		this.bucket = bucket;
		this.anchor = open();
		this.connections = new ThreadConnections(this::open);
	}

	private Connection open() {
		try {
			java.util.Properties properties = new java.util.Properties();
			// As the engine's view connections: views' transactions take the write lock up front.
			properties.setProperty("transaction_mode", "IMMEDIATE");
			Connection connection = DriverManager.getConnection(url, properties);
			connection.createStatement().execute("PRAGMA busy_timeout=5000");
			return connection;
		}
		catch (SQLException ex) {
			throw new BucketHeadException("open test database", ex);
		}
	}

	@Override
	public Connection connection() {
		return connections.connection();
	}

	@Override
	public PreparedStatement prepare(String sql) {
		return connections.prepare(sql);
	}

	@Override
	public BucketClient bucket() {
		return bucket;
	}

	@Override
	public void onDatabaseReplaced(Runnable action) {
		replacedActions.add(action);
	}

	@Override
	public void registerReferenceSource(ReferenceSource source) {
		referenceSources.add(source);
	}

	@Override
	public Set<String> retainedReferences(String sourceName) {
		return retainedReferences;
	}

	/** Sets what {@link #retainedReferences(String)} answers, as if retained generations recorded these keys. */
	public void setRetainedReferences(Set<String> keys) {
		this.retainedReferences = Set.copyOf(keys);
	}

	/** The sources views registered. */
	public List<ReferenceSource> referenceSources() {
		return referenceSources;
	}

	/** Simulates a branch switch to content without any view tables. */
	public void replaceWithEmptyDatabase() throws SQLException {
		try (var rs = anchor.createStatement().executeQuery("SELECT name FROM sqlite_master WHERE type='table'")) {
			List<String> tables = new java.util.ArrayList<>();
			while (rs.next()) {
				tables.add(rs.getString(1));
			}
			for (String table : tables) {
				anchor.createStatement().execute("DROP TABLE \"" + table.replace("\"", "\"\"") + "\"");
			}
		}
		replacedActions.forEach(Runnable::run);
	}

	@Override
	public void close() throws SQLException {
		connections.close();
		anchor.close();
	}

}
