package dev.buckethead.live;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import org.sqlite.BusyHandler;

/**
 * Waits for a SQLite lock in short steps: a few spins, then parks growing from 20 µs to at most 1 ms, until the
 * busy timeout. SQLite's own handler sleeps 1, 2, 5, 10, 15 … 100 ms between attempts, so a writer that loses
 * a race for the write lock waits milliseconds for a lock held for microseconds.
 */
final class ShortWaitBusyHandler extends BusyHandler {

	private static final int SPINS = 16;

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
		if (previousAttempts < SPINS) {
			Thread.onSpinWait();
		}
		else {
			int step = Math.min(previousAttempts - SPINS, 6);
			LockSupport.parkNanos(Math.min(20_000L << step, MAX_PARK_NANOS));
		}
		return 1;
	}

}
