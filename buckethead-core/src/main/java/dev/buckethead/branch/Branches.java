package dev.buckethead.branch;

import java.util.List;

import dev.buckethead.snapshot.RestorePoint;

/**
 * Named snapshots in the same bucket, one head per branch; the live database belongs to one of them at a time.
 * Forking is free: a new branch points at the current generation and shares its chunks. A database's branches
 * come from {@code BucketSQLite#branches()}; the operations run in the snapshot engine, on its session.
 */
public interface Branches {

	/** The branch the live database belongs to. */
	String current();

	/** Every branch with a snapshot, plus the current one, sorted. */
	List<String> list();

	boolean exists(String name);

	/**
	 * Creates {@code name} at the current state (flushing first), without copying any data. The current branch
	 * stays current.
	 */
	void create(String name);

	/**
	 * Creates {@code name} at a retained point of the current branch (its latest, a named generation, or the
	 * newest point at or before a time; see {@code restore as-of}), without copying the database: the new head
	 * points at the point's base, or, for a delta step, at a base compacted from bucket objects, which uploads
	 * only the chunks its deltas changed. The current branch stays current and its flushes go on meanwhile.
	 */
	void create(String name, RestorePoint point);

	/**
	 * Flushes the current branch, then loads {@code name} into the live database. Connections stay open and see
	 * the new branch from their next statement. Every write committed before the load is in the outgoing
	 * branch's snapshot; statements that arrive during the load wait for it and run on the new branch. Must not
	 * be called with a transaction open on this thread.
	 */
	void switchTo(String name);

	/**
	 * Makes branch {@code name} hold the current state and makes it the current branch, replacing what it held
	 * (the original library's "overwrite": switch to an experiment, then overwrite "main" with it). The live
	 * database is unchanged; the branch previously current keeps its snapshots.
	 */
	void overwrite(String name);

	/** Deletes a branch other than the current one. Its chunks are reclaimed by gc once unreferenced. */
	void delete(String name);

}
