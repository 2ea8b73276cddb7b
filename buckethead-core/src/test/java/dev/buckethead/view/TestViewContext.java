package dev.buckethead.view;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.buckethead.BucketHeadException;
import dev.buckethead.bucket.BucketClient;
import dev.buckethead.live.ThreadConnections;
import dev.buckethead.snapshot.ReferenceSource;

/**
 * The engine's {@link SharedViewContext} over a private in-memory SQLite database, for testing a view's SQL on
 * its own, with two test controls: simulate a branch switch to empty content, and choose what retained
 * generations reference. Tests of snapshot, restore and branches use a real {@code BucketSQLite} instead.
 */
public final class TestViewContext implements ViewContext, AutoCloseable {

	private final String url = "jdbc:sqlite:file:/view-test-" + UUID.randomUUID() + "?vfs=memdb";

	// Keeps the memdb alive between thread connections.
	private final Connection anchor;

	private final List<ReferenceSource> referenceSources = new CopyOnWriteArrayList<>();

	private volatile Set<String> retainedReferences = Set.of();

	private final SharedViewContext shared;

	public TestViewContext(BucketClient bucket) {
		this.anchor = open();
		this.shared = new SharedViewContext(new ThreadConnections(this::open), bucket, referenceSources,
				(source) -> retainedReferences);
	}

	private Connection open() {
		try {
			Properties properties = new Properties();
			// As the engine's view connections: views' transactions take the write lock up front.
			properties.setProperty("transaction_mode", "IMMEDIATE");
			properties.setProperty("busy_timeout", "5000");
			return DriverManager.getConnection(url, properties);
		}
		catch (SQLException ex) {
			throw new BucketHeadException("open test database", ex);
		}
	}

	@Override
	public Connection connection() {
		return shared.connection();
	}

	@Override
	public PreparedStatement prepare(String sql) {
		return shared.prepare(sql);
	}

	@Override
	public BucketClient bucket() {
		return shared.bucket();
	}

	@Override
	public void onDatabaseReplaced(Runnable action) {
		shared.onDatabaseReplaced(action);
	}

	@Override
	public void registerReferenceSource(ReferenceSource source) {
		shared.registerReferenceSource(source);
	}

	@Override
	public Set<String> retainedReferences(String sourceName) {
		return shared.retainedReferences(sourceName);
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
		List<String> tables = new ArrayList<>();
		try (var rs = anchor.createStatement().executeQuery("SELECT name FROM sqlite_master WHERE type='table'")) {
			while (rs.next()) {
				tables.add(rs.getString(1));
			}
		}
		for (String table : tables) {
			anchor.createStatement().execute("DROP TABLE \"" + table.replace("\"", "\"\"") + "\"");
		}
		shared.databaseReplaced();
	}

	@Override
	public void close() throws SQLException {
		shared.close();
		anchor.close();
	}

}
