package dev.buckethead.live;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the WAL of every FILE live database bounded between flushes, now that SQLite's automatic checkpoint is
 * off: one shared daemon thread looks at each WAL's size every {@link #INTERVAL} (a {@code stat}) and runs the
 * tracker's bounding checkpoint past {@link PageTracker#DEFAULT_MAX_WAL_BYTES}.
 */
final class WalGuard {

	private static final Logger log = LoggerFactory.getLogger(WalGuard.class);

	static final Duration INTERVAL = Duration.ofMillis(250);

	private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "buckethead-wal-guard");
		thread.setDaemon(true);
		return thread;
	});

	private WalGuard() {
	}

	/** Watches {@code tracker} until the returned future is cancelled. */
	static ScheduledFuture<?> watch(PageTracker tracker, long maxWalBytes) {
		return TIMER.scheduleWithFixedDelay(() -> {
			try {
				tracker.checkpoint(maxWalBytes);
			}
			catch (RuntimeException ex) {
				// The next tick tries again; a WAL that cannot be checkpointed only grows.
				log.warn("Bounding checkpoint failed: {}", ex.getMessage());
			}
		}, INTERVAL.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
	}

}
