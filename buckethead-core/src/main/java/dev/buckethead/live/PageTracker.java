package dev.buckethead.live;

import dev.buckethead.live.LiveDatabase.ConsistentRead;

/**
 * Exact page-level change tracking of the live database ({@link LiveStorage#FILE} only; see
 * {@link LiveDatabase#pageTracker()}): which pages changed since the last acknowledged capture, found by
 * reading the page numbers of the WAL's frames, never by reading or hashing unchanged pages.
 * <p>
 * A flush takes a {@link #capture}, writes its pages somewhere durable, then {@link PageCapture#acknowledge()}s
 * it: the next capture carries only what changed after that state. A capture that is not acknowledged (the
 * upload failed) is folded into the next one. The first capture, and the first after
 * {@link LiveDatabase#replaceWith} or {@link LiveDatabase#image}, is a whole base.
 */
public interface PageTracker {

	/**
	 * 64 MiB: the WAL size past which {@link #checkpoint(long)} runs between flushes. SQLite's own automatic
	 * checkpoint (1000 pages) is off because the tracker must read every frame before it is checkpointed.
	 */
	long DEFAULT_MAX_WAL_BYTES = 64L * 1024 * 1024;

	/**
	 * Captures the latest committed state: the pages changed since the last acknowledged capture (every page
	 * when a base is required, see {@link PageCapture#isBase()}). Writers are held back for microseconds only
	 * (to pin the state); the capture's pages stay readable while writers go on. Close it promptly: while it is
	 * open the WAL cannot be recycled.
	 * @param duringCapture runs, before this returns, on a connection that sees exactly the captured state
	 */
	PageCapture capture(ConsistentRead duringCapture);

	/**
	 * Declares the live database's current state durable as it is, without uploading it: for a database just
	 * restored from exactly the state the bucket's head names. The next capture then carries only what changes
	 * after it, instead of a whole base (which after a restart would re-send every chunk the chain since the base
	 * changed). Pages changed before this call stay changed.
	 */
	void trustCurrentState();

	/** Like {@link #capture}, but always every page: a base for a new chain of deltas. */
	PageCapture captureBase(ConsistentRead duringCapture);

	/**
	 * Runs a bounding checkpoint when the WAL file is larger than {@code maxWalBytes}: reads the page numbers of
	 * every frame first, then checkpoints them, so that the WAL restarts (and shrinks to the journal size limit)
	 * at the next write. Skipped while a capture or image is in progress.
	 * @return whether it ran
	 */
	boolean checkpoint(long maxWalBytes);

}
