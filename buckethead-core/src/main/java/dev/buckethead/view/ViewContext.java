package dev.buckethead.view;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Set;

import dev.buckethead.bucket.BucketClient;
import dev.buckethead.encryption.ObjectNames;
import dev.buckethead.snapshot.ReferenceSource;

/**
 * What a {@link View} gets from the engine: this thread's connection to the live database, cached prepared
 * statements, the bucket, and a hook for when the live database is replaced (branch switch, restore).
 */
public interface ViewContext {

	/**
	 * This thread's connection to the live database, in auto-commit mode unless the view opened a transaction.
	 * Its transactions begin IMMEDIATE, so a read-then-write transaction waits for other writers instead of
	 * failing with SQLITE_BUSY.
	 * Owned by the engine: do not close it.
	 */
	Connection connection();

	/**
	 * A prepared statement for {@code sql} on this thread's connection, prepared once and reused. Owned by the
	 * engine: do not close it; clear its parameters by setting them all again.
	 */
	PreparedStatement prepare(String sql);

	/** The bucket the database snapshots to, for views that keep objects beside their tables. */
	BucketClient bucket();

	/**
	 * How content-addressed objects beside the tables are named: by content hash, or keyed when the bucket is
	 * encrypted (see {@link ObjectNames}).
	 */
	default ObjectNames objectNames() {
		return ObjectNames.identity();
	}

	/**
	 * Registers an action to run after the live database's content is replaced wholesale (a branch switch),
	 * so that the view can re-create its tables if the new content lacks them.
	 */
	void onDatabaseReplaced(Runnable action);

	/**
	 * Registers a source of references to objects outside the database (FileStore's blobs): every later
	 * generation records the keys it reports, so gc keeps what retained generations need.
	 */
	void registerReferenceSource(ReferenceSource source);

	/** The keys recorded under {@code sourceName} by every generation any branch retains. Reads the bucket. */
	Set<String> retainedReferences(String sourceName);

}
