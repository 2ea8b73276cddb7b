package dev.buckethead.live;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;

/**
 * A {@link PageCapture} of {@link WalTracker}: each page comes from its newest frame at or before the captured
 * frame, or from the database file when no frame of the WAL's current generation holds it. The tracker's
 * reader keeps those frames in place, and no checkpoint runs, until {@link #close()}.
 */
final class TrackedCapture implements PageCapture {

	private final WalTracker tracker;

	private final ChangedPages.Taken taken;

	private final int pageSize;

	private final long dataVersion;

	private final FileChannel database;

	private final WalFile wal;

	/** Where pages are in the WAL; null when every page is read from the database file. */
	private final @Nullable FrameIndex frames;

	private final AtomicBoolean closed = new AtomicBoolean();

	TrackedCapture(WalTracker tracker, ChangedPages.Taken taken, int pageSize, long dataVersion, FileChannel database,
			WalFile wal, @Nullable FrameIndex frames) {
		this.tracker = tracker;
		this.taken = taken;
		this.pageSize = pageSize;
		this.dataVersion = dataVersion;
		this.database = database;
		this.wal = wal;
		this.frames = frames;
	}

	@Override
	public int pageSize() {
		return pageSize;
	}

	@Override
	public long pageCount() {
		return taken.pageCount();
	}

	@Override
	public long dataVersion() {
		return dataVersion;
	}

	@Override
	public boolean isBase() {
		return taken.base();
	}

	@Override
	public int[] pages() {
		return taken.pages().clone();
	}

	@Override
	public void read(int page, ByteBuffer target) throws IOException {
		if (closed.get()) {
			throw new IllegalStateException("The capture is closed; its pages can no longer be read");
		}
		if (page < 1 || page > taken.pageCount()) {
			throw new IllegalArgumentException("Page " + page + " is outside the captured database of "
					+ taken.pageCount() + " pages");
		}
		int frame = frames == null ? 0 : frames.frameOf(page);
		if (frame > 0) {
			wal.readPage(frame, pageSize, target);
			return;
		}
		target.clear().limit(pageSize);
		long position = (page - 1L) * pageSize;
		while (target.hasRemaining()) {
			if (database.read(target, position + target.position()) < 0) {
				throw new IOException("The live database file ends before page " + page);
			}
		}
		target.flip();
	}

	@Override
	public DatabaseImage image() {
		return new CaptureImage(this);
	}

	@Override
	public boolean acknowledge() {
		return tracker.acknowledge(taken);
	}

	@Override
	public void close() {
		if (closed.compareAndSet(false, true)) {
			tracker.endCapture(wal, database, frames != null);
		}
	}

}
