package dev.buckethead.live;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One committed state of the live database and the pages that changed since the last acknowledged capture
 * ({@link PageTracker#capture}). Every page of the state can be read, changed or not, until {@link #close()}.
 * Reads may come from several threads; close from any thread, once.
 */
public interface PageCapture extends AutoCloseable {

	int pageSize();

	/** The database size in pages at the captured state; the pages above it are gone (truncation, VACUUM). */
	long pageCount();

	/**
	 * {@link LiveDatabase#dataVersion()} as of the captured state: a later reading equal to it means no commit
	 * landed after this state.
	 */
	long dataVersion();

	/** Whether this capture carries every page (a base) rather than the changes since the acknowledged state. */
	boolean isBase();

	/** The page numbers this capture carries, ascending, each between 1 and {@link #pageCount()}. A copy. */
	int[] pages();

	/**
	 * Reads page {@code page} (1-based, at most {@link #pageCount()}) of the captured state into {@code target}
	 * (at least {@link #pageSize()} bytes): cleared first, flipped after.
	 */
	void read(int page, ByteBuffer target) throws IOException;

	/** The whole database at the captured state, valid while this capture is open; closing it does nothing. */
	DatabaseImage image();

	/**
	 * Tells the tracker that this capture's pages are durable: its state becomes the one the next capture is a
	 * delta from. Ignored (returns false) when a newer capture was taken or the tracker was reset since.
	 */
	boolean acknowledge();

	/**
	 * Ends the capture and checkpoints the WAL (the changed pages into the database file), so that the log can
	 * restart; writers wait only for the checkpoint of frames written while the capture was open.
	 */
	@Override
	void close();

}
