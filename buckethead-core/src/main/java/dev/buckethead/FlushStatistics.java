package dev.buckethead;

import java.util.concurrent.atomic.AtomicLong;

import dev.buckethead.snapshot.FlushListener;
import dev.buckethead.snapshot.FlushResult;
import dev.buckethead.snapshot.FlushTrigger;
import org.jspecify.annotations.Nullable;

/** Running totals of flushes, kept by a listener every {@link BucketSQLite} has. Thread-safe. */
public final class FlushStatistics implements FlushListener {

	private final AtomicLong flushes = new AtomicLong();

	private final AtomicLong skipped = new AtomicLong();

	private final AtomicLong failures = new AtomicLong();

	private final AtomicLong consecutiveFailures = new AtomicLong();

	private volatile @Nullable FlushResult lastResult;

	private volatile @Nullable FlushResult lastSuccess;

	private volatile @Nullable Throwable lastError;

	@Override
	public void onFlushComplete(FlushResult result) {
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

}
