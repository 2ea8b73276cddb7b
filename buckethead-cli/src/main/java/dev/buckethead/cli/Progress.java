package dev.buckethead.cli;

import java.io.PrintWriter;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Bytes moved so far, redrawn on one stderr line while a long download or upload runs. It polls a counter (the
 * session's {@link dev.buckethead.bucket.CountingBucketClient}) on a timer rather than hooking into the
 * transfer, so the snapshot code knows nothing about it.
 */
final class Progress implements AutoCloseable {

	private static final long INTERVAL_MILLIS = 250;

	private final PrintWriter err;

	private final String label;

	private final LongSupplier bytes;

	private final ScheduledExecutorService timer;

	private boolean drawn;

	private Progress(PrintWriter err, String label, LongSupplier bytes) {
		this.err = err;
		this.label = label;
		this.bytes = bytes;
		this.timer = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "buckethead-progress");
			thread.setDaemon(true);
			return thread;
		});
	}

	/** Starts redrawing when {@code enabled}; otherwise returns a progress that shows nothing. */
	static Progress start(boolean enabled, PrintWriter err, String label, LongSupplier bytes) {
		Progress progress = new Progress(err, label, bytes);
		if (enabled) {
			// The timer's thread starts with its first task, so a progress that shows nothing costs none.
			progress.timer.scheduleAtFixedRate(progress::draw, INTERVAL_MILLIS, INTERVAL_MILLIS,
					TimeUnit.MILLISECONDS);
		}
		return progress;
	}

	private synchronized void draw() {
		err.print("\r" + label + " " + Formats.bytes(bytes.getAsLong()) + "   ");
		err.flush();
		drawn = true;
	}

	@Override
	public void close() {
		timer.shutdownNow();
		synchronized (this) {
			if (drawn) {
				draw();
				err.println();
				err.flush();
			}
		}
	}

}
