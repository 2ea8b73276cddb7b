package dev.buckethead.snapshot;

/** How flushes store the database in the bucket. */
public enum SnapshotFormat {

	/**
	 * Content-addressed chunks, a manifest per generation and a conditionally-updated head per branch: a flush
	 * uploads only what changed, generations are kept, a second writer is refused. The default.
	 */
	INCREMENTAL,

	/**
	 * The whole database as one plain SQLite object at the snapshot key, as the original Python library
	 * writes it: readable by that library and by any SQLite tool, but every flush uploads everything, there is
	 * one generation only, no branches and no protection against a second writer.
	 */
	PLAIN

}
