package dev.buckethead;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Starts the timed flush at a fixed rate: a flush starts every {@code period}, counted from the flushes' starts,
 * so how long a flush takes does not stretch the time between them and the durability window is the period. A
 * tick that comes while the previous flush still runs is skipped, not queued: after a slow flush the next one
 * starts at the next tick, not at once, and never twice in a row to catch up.
 * <p>
 * Ticks run on one thread and only hand the flush to another, so a flush stuck on the bucket never delays a tick.
 */
final class FlushTimer {

	private final ScheduledExecutorService ticker;

	private final ExecutorService flusher;

	private final Runnable flush;

	private final AtomicBoolean flushing = new AtomicBoolean();

	private final AtomicLong skippedTicks = new AtomicLong();

	FlushTimer(ExecutorService flusher, Runnable flush) {
		this.ticker = Executors.newSingleThreadScheduledExecutor(dev.buckethead.snapshot.SnapshotEngine.daemonThreads("buckethead-flush-timer-"));
		this.flusher = flusher;
		this.flush = flush;
	}

	/** A timer that flushes on its own thread ({@code buckethead-flush-<n>}) every {@code period}. */
	static FlushTimer every(Duration period, Runnable flush) {
		FlushTimer timer = new FlushTimer(Executors.newSingleThreadExecutor(dev.buckethead.snapshot.SnapshotEngine.daemonThreads("buckethead-flush-")),
				flush);
		long nanos = period.toNanos();
		timer.ticker.scheduleAtFixedRate(timer::tick, nanos, nanos, TimeUnit.NANOSECONDS);
		return timer;
	}

	/** One tick: starts a flush unless one is running. */
	void tick() {
		if (!flushing.compareAndSet(false, true)) {
			skippedTicks.incrementAndGet();
			return;
		}
		try {
			flusher.execute(() -> {
				try {
					flush.run();
				}
				finally {
					flushing.set(false);
				}
			});
		}
		catch (RuntimeException ex) {
			// Rejected: the timer is stopping.
			flushing.set(false);
		}
	}

	/** Ticks that found the previous flush still running. */
	long skippedTicks() {
		return skippedTicks.get();
	}

	/** Whether a timed flush is running now. */
	boolean isFlushing() {
		return flushing.get();
	}

	/** No tick after this; a flush in progress goes on. */
	void stop() {
		ticker.shutdownNow();
		flusher.shutdown();
	}

	/** Stops, and interrupts a flush in progress: shutting down gave up waiting for it. */
	void abandon() {
		ticker.shutdownNow();
		flusher.shutdownNow();
	}

}
