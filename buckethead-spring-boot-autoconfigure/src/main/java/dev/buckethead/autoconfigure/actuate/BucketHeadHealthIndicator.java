package dev.buckethead.autoconfigure.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.buckethead.BucketSQLite;
import dev.buckethead.FlushStatistics;
import dev.buckethead.autoconfigure.BucketHeadActivity;
import dev.buckethead.autoconfigure.BucketHeadProperties;
import dev.buckethead.snapshot.SnapshotSession.RestoreReport;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code buckethead} health: DOWN when the last {@code buckethead.health.max-consecutive-failures} flushes
 * failed, or when the database holds changes the bucket has not had for longer than
 * {@code buckethead.health.max-unflushed-age}; UP otherwise. Either way with the branch, generation, whether the
 * database is dirty and when the bucket last held everything ({@code inSyncAt}: the end of the last flush that
 * wrote or had nothing to write, or the restore). When the start fell back to a generation that is not the head's,
 * {@code restoredGeneration} and {@code restoreFallback} (why) say so.
 * <p>
 * It reflects the results of the flushes the engine runs anyway and never makes a bucket request (health checks
 * run often); the one local query it makes is {@code isDirty()}.
 */
public class BucketHeadHealthIndicator implements HealthIndicator {

	private static final Duration MIN_DEFAULT_AGE = Duration.ofMinutes(1);

	private final BucketSQLite database;

	private final BucketHeadActivity activity;

	private final BucketHeadProperties properties;

	public BucketHeadHealthIndicator(BucketSQLite database, BucketHeadActivity activity,
			BucketHeadProperties properties) {
		this.database = database;
		this.activity = activity;
		this.properties = properties;
	}

	@Override
	public Health health() {
		if (!this.database.isRunning()) {
			return Health.outOfService().withDetail("reason", "BucketHead is closed").build();
		}
		FlushStatistics statistics = this.database.statistics();
		boolean dirty = this.database.isDirty();
		Duration sinceSynced = this.activity.sinceSynced(statistics);
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("branch", this.database.branch());
		details.put("generation", this.database.generation().orElse(""));
		details.put("dirty", dirty);
		details.put("inSyncAt", this.activity.syncedAt(statistics).toString());
		details.put("inSyncAge", sinceSynced.truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString());
		details.put("consecutiveFailures", statistics.consecutiveFailures());
		RestoreReport restore = this.activity.restore();
		if (restore != null && restore.fallback() != null) {
			// Up, but not on the head's generation: the operator should know what the start fell back to.
			details.put("restoredGeneration", (restore.generation() != null) ? restore.generation() : "");
			details.put("restoreFallback", restore.fallback());
		}
		int maxFailures = this.properties.getHealth().getMaxConsecutiveFailures();
		if (statistics.consecutiveFailures() >= maxFailures) {
			Throwable error = statistics.lastError();
			details.put("reason", "The last " + statistics.consecutiveFailures() + " flushes failed (limit "
					+ maxFailures + ")");
			if (error != null) {
				details.put("error", BucketHeadActivity.describe(error, this.properties));
			}
			return Health.down().withDetails(details).build();
		}
		Duration maxAge = maxUnflushedAge();
		if (dirty && maxAge != null && sinceSynced.compareTo(maxAge) > 0) {
			Instant synced = this.activity.syncedAt(statistics);
			details.put("reason", "Changes have not reached the bucket for " + sinceSynced.toSeconds()
					+ "s (limit " + maxAge.toSeconds() + "s); last in sync at " + synced);
			Throwable error = statistics.lastError();
			if (error != null && statistics.consecutiveFailures() > 0) {
				details.put("error", BucketHeadActivity.describe(error, this.properties));
			}
			return Health.down().withDetails(details).build();
		}
		return Health.up().withDetails(details).build();
	}

	/**
	 * {@code buckethead.health.max-unflushed-age}, or five flush intervals (at least a minute), or null (no
	 * limit) when the flush timer is off.
	 */
	@Nullable Duration maxUnflushedAge() {
		Duration configured = this.properties.getHealth().getMaxUnflushedAge();
		if (configured != null) {
			return configured;
		}
		Duration interval = this.properties.getSnapshot().getInterval();
		if (interval.isZero()) {
			return null;
		}
		Duration fiveIntervals = interval.multipliedBy(5);
		return (fiveIntervals.compareTo(MIN_DEFAULT_AGE) < 0) ? MIN_DEFAULT_AGE : fiveIntervals;
	}

}
