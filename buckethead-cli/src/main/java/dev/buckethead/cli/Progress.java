package dev.buckethead.cli;

import java.io.PrintWriter;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

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

	/**
	 * Runs {@code work}, redrawing the count of {@code bytes} meanwhile when {@code enabled}.
	 * @return what {@code work} returned
	 */
	static <T> T during(boolean enabled, PrintWriter err, String label, LongSupplier bytes, Supplier<T> work) {
		if (!enabled) {
			return work.get();
		}
		try (Progress progress = new Progress(err, label, bytes)) {
			progress.timer.scheduleAtFixedRate(progress::draw, INTERVAL_MILLIS, INTERVAL_MILLIS,
					TimeUnit.MILLISECONDS);
			return work.get();
		}
	}

	private synchronized void draw() {
		err.print("\r" + label + " " + Formats.bytes(bytes.getAsLong()) + "   ");
		err.flush();
	}

	@Override
	public void close() {
		timer.shutdownNow();
		// The final count, even for a transfer too quick to have been drawn yet.
		draw();
		err.println();
		err.flush();
	}

}
