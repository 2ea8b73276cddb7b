package dev.buckethead.live;

import java.nio.file.Path;
import java.sql.Connection;

/**
 * The live SQLite database: opens connections to it, takes consistent images of it for snapshots, and loads
 * content into it. One instance per {@code BucketSQLite}; the private snapshot connection it keeps is used
 * only by the (single-threaded) flush and switch paths.
 */
public interface LiveDatabase extends AutoCloseable {

	/** Opens a new connection to the live database (auto-commit, busy timeout set, deferred transactions). */
	default Connection open() {
		return open(TransactionMode.DEFERRED);
	}

	/** Opens a new connection whose transactions begin in {@code mode}. */
	Connection open(TransactionMode mode);

	/** The gate every connection from {@link #open} passes its statements and transactions through. */
	ConnectionGate gate();

	/**
	 * {@code data_version} on the snapshot connection: it changes whenever another connection commits. Cheap: no
	 * page is read.
	 */
	long dataVersion();

	/**
	 * Takes a consistent image of the current content. Close it promptly.
	 * @param duringImage runs on a connection that sees exactly the image's content, before this returns
	 */
	DatabaseImage image(ConsistentRead duringImage);

	/**
	 * Exact page-level change tracking, where the storage supports it: {@link LiveStorage#FILE} reads the changed
	 * pages' numbers from the WAL. Empty for {@link LiveStorage#MEMORY}, whose snapshots are whole images (memdb
	 * has no WAL and no page-level change record): callers fall back to {@link #image}.
	 */
	default java.util.Optional<PageTracker> pageTracker() {
		return java.util.Optional.empty();
	}

	/** Work on a connection that sees exactly an image's content. */
	@FunctionalInterface
	interface ConsistentRead {

		ConsistentRead NONE = (connection) -> {
		};

		void read(Connection consistent) throws java.sql.SQLException;

	}

	/**
	 * Replaces the whole content with that of the SQLite file at {@code source}, under live connections: they
	 * stay open and see the new content on their next statement.
	 * @return the data version baseline to compare later {@link #dataVersion()} readings with
	 */
	long replaceWith(Path source);

	/** A directory for temporary database files on the same (RAM-backed where possible) storage. */
	Path scratchDirectory();

	/** What this storage is, for logs. */
	String describe();

	/**
	 * Records which database and branch the content belongs to and which generation the bucket holds of it, so
	 * that a start after this process died, or after a final flush that failed, can adopt the file it leaves (see
	 * {@link LeftoverLiveFiles}). Never fails: a file whose identity could not be written is set aside rather
	 * than adopted.
	 */
	void identify(LiveFileIdentity identity);

	/**
	 * Makes sure the current content outlives {@link #close()}, for when the final flush failed: returns the
	 * file that will hold it. The next start on this directory adopts it while the branch's head has not moved.
	 */
	Path preserveOnClose();

	/** Closes every connection it holds and deletes the live files (unless preserved). */
	@Override
	void close();

}
