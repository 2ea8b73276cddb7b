package dev.buckethead.live;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import org.sqlite.BusyHandler;

/**
 * Waits for a SQLite lock in short steps: spins for the first 50 µs (a write transaction of a small update holds
 * the lock for a few µs), then parks growing from 50 µs to at most 1 ms, until the busy timeout. SQLite's own
 * handler sleeps 1, 2, 5, 10, 15 … 100 ms between attempts, so a writer that loses a race for the write lock
 * would wait milliseconds for a lock held for microseconds.
 */
final class ShortWaitBusyHandler extends BusyHandler {

	private static final long SPIN_NANOS = 50_000;

	private static final long SPIN_STEP_NANOS = 2_000;

	private static final long MIN_PARK_NANOS = 50_000;

	private static final long MAX_PARK_NANOS = 1_000_000;

	private final long timeoutNanos;

	/** When the current wait began. A connection is used by one thread at a time, and waits once at a time. */
	private long waitingSince;

	ShortWaitBusyHandler(Duration timeout) {
		this.timeoutNanos = timeout.toNanos();
	}

	@Override
	protected int callback(int previousAttempts) {
		long now = System.nanoTime();
		if (previousAttempts == 0) {
			waitingSince = now;
		}
		if (now - waitingSince >= timeoutNanos) {
			return 0;
		}
		long waited = now - waitingSince;
		if (waited < SPIN_NANOS) {
			long until = now + SPIN_STEP_NANOS;
			while (System.nanoTime() < until) {
				Thread.onSpinWait();
			}
		}
		else {
			LockSupport.parkNanos(Math.min(Math.max(MIN_PARK_NANOS, waited / 2), MAX_PARK_NANOS));
		}
		return 1;
	}

}
