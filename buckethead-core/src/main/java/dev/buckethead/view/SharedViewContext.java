package dev.buckethead.view;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.buckethead.bucket.BucketClient;
import dev.buckethead.live.ThreadConnections;

/**
 * The {@link ViewContext} the engine gives every view: per-thread connections and statement caches shared by
 * all views of one database, and one list of actions to run when a branch switch replaces the content.
 */
public final class SharedViewContext implements ViewContext, AutoCloseable {

	private final ThreadConnections connections;

	private final BucketClient bucket;

	private final List<Runnable> onReplaced = new CopyOnWriteArrayList<>();

	public SharedViewContext(ThreadConnections connections, BucketClient bucket) {
		this.connections = connections;
		this.bucket = bucket;
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
		onReplaced.add(action);
	}

	/** Tells every view that the content was replaced. */
	public void databaseReplaced() {
		onReplaced.forEach(Runnable::run);
	}

	@Override
	public void close() {
		connections.close();
	}

}
