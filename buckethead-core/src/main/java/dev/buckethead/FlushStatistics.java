package dev.buckethead;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import dev.buckethead.snapshot.FlushListener;
import dev.buckethead.snapshot.FlushResult;
import dev.buckethead.snapshot.FlushTrigger;
import org.jspecify.annotations.Nullable;

/**
 * Running totals of flushes, and the flush in progress, kept by a listener every {@link BucketSQLite} has.
 * Thread-safe, and never waits: health checks and metrics read it while a flush runs.
 */
public final class FlushStatistics implements FlushListener {

	private final Clock clock;

	private final AtomicLong flushes = new AtomicLong();

	private final AtomicLong skipped = new AtomicLong();

	private final AtomicLong failures = new AtomicLong();

	private final AtomicLong consecutiveFailures = new AtomicLong();

	private volatile @Nullable FlushResult lastResult;

	private volatile @Nullable FlushResult lastSuccess;

	private volatile @Nullable Throwable lastError;

	private volatile @Nullable Instant runningSince;

	/** Statistics on the system clock. */
	public FlushStatistics() {
		this(Clock.systemUTC());
	}

	/** Statistics whose times, such as {@link #runningFor()}, are read from {@code clock}. */
	public FlushStatistics(Clock clock) {
		this.clock = clock;
	}

	@Override
	public void onFlushStart(FlushTrigger trigger) {
		runningSince = clock.instant();
	}

	@Override
	public void onFlushComplete(FlushResult result) {
		runningSince = null;
		flushes.incrementAndGet();
		if (result.skipped()) {
			skipped.incrementAndGet();
		}
		else {
			lastSuccess = result;
		}
		consecutiveFailures.set(0);
		lastResult = result;
	}

	@Override
	public void onFlushError(FlushTrigger trigger, Throwable error) {
		runningSince = null;
		failures.incrementAndGet();
		consecutiveFailures.incrementAndGet();
		lastError = error;
	}

	/** Flushes that completed (written or skipped). */
	public long completed() {
		return flushes.get();
	}

	public long skipped() {
		return skipped.get();
	}

	public long failures() {
		return failures.get();
	}

	public long consecutiveFailures() {
		return consecutiveFailures.get();
	}

	public @Nullable FlushResult lastResult() {
		return lastResult;
	}

	/** The last flush that wrote a generation. */
	public @Nullable FlushResult lastSuccess() {
		return lastSuccess;
	}

	public @Nullable Throwable lastError() {
		return lastError;
	}

	/** When the flush in progress started, or null when none is running. */
	public @Nullable Instant runningSince() {
		return runningSince;
	}

	/** How long the flush in progress has been running, or empty when none is. */
	public Optional<Duration> runningFor() {
		Instant since = runningSince;
		if (since == null) {
			return Optional.empty();
		}
		Duration age = Duration.between(since, clock.instant());
		return Optional.of(age.isNegative() ? Duration.ZERO : age);
	}

}
