package dev.buckethead.view;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import dev.buckethead.bucket.BucketClient;
import dev.buckethead.encryption.ObjectNames;
import dev.buckethead.live.ThreadConnections;
import dev.buckethead.snapshot.ReferenceSource;

/**
 * The {@link ViewContext} the engine gives every view: per-thread connections and statement caches shared by
 * all views of one database, and one list of actions to run when a branch switch replaces the content.
 */
public final class SharedViewContext implements ViewContext, AutoCloseable {

	private final ThreadConnections connections;

	private final BucketClient bucket;

	private final ObjectNames names;

	private final List<Runnable> onReplaced = new CopyOnWriteArrayList<>();

	private final List<ReferenceSource> referenceSources;

	private final Function<String, Set<String>> retainedReferences;

	/**
	 * @param referenceSources the live list the snapshot writer reads; views add themselves to it
	 * @param retainedReferences reads the keys retained generations record for a source
	 */
	public SharedViewContext(ThreadConnections connections, BucketClient bucket,
			List<ReferenceSource> referenceSources, Function<String, Set<String>> retainedReferences) {
		this(connections, bucket, referenceSources, retainedReferences, ObjectNames.identity());
	}

	/** @param names how the bucket names content-addressed objects (keyed when it is encrypted) */
	public SharedViewContext(ThreadConnections connections, BucketClient bucket,
			List<ReferenceSource> referenceSources, Function<String, Set<String>> retainedReferences,
			ObjectNames names) {
		this.names = names;
		this.connections = connections;
		this.bucket = bucket;
		this.referenceSources = referenceSources;
		this.retainedReferences = retainedReferences;
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
	public ObjectNames objectNames() {
		return names;
	}

	@Override
	public void onDatabaseReplaced(Runnable action) {
		onReplaced.add(action);
	}

	@Override
	public synchronized void registerReferenceSource(ReferenceSource source) {
		// One source per name: a view opened again replaces the engine's own registration of it.
		referenceSources.removeIf((existing) -> existing.name().equals(source.name()));
		referenceSources.add(source);
	}

	@Override
	public Set<String> retainedReferences(String sourceName) {
		return retainedReferences.apply(sourceName);
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
