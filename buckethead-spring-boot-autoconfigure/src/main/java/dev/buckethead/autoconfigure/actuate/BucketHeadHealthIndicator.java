package dev.buckethead.autoconfigure.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.buckethead.BucketSQLite;
import dev.buckethead.FlushStatistics;
import dev.buckethead.autoconfigure.BucketHeadActivity;
import dev.buckethead.autoconfigure.BucketHeadProperties;
import dev.buckethead.snapshot.SnapshotConflictException;
import dev.buckethead.snapshot.SnapshotSession.RestoreReport;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code buckethead} health: DOWN at once when another writer took the branch (a
 * {@link SnapshotConflictException}: this instance can never flush it again), when the last
 * {@code buckethead.health.max-consecutive-failures} flushes failed, when a flush has been running longer than
 * {@code buckethead.health.max-flush-duration}, or when the database holds changes the bucket has not had for longer
 * than {@code buckethead.health.max-unflushed-age}; UP otherwise. Either way with the branch, generation, whether
 * the database is dirty, when the bucket last held everything ({@code inSyncAt}: the end of the last flush that
 * wrote or had nothing to write, or the restore) and the age of a flush in progress.
 * When the start fell back to a generation that is not the head's, {@code restoredGeneration} and
 * {@code restoreFallback} (why) say so.
 * <p>
 * It reflects the results of the flushes the engine runs anyway, never makes a bucket request (health checks run
 * often) and never waits for a flush: everything it reads is published by the engine as the flush goes.
 */
public class BucketHeadHealthIndicator implements HealthIndicator {

	private static final Duration MIN_DEFAULT_AGE = Duration.ofMinutes(1);

	/** Twice a bucket call's default deadline: a flush whose calls all end in time rarely runs this long. */
	private static final Duration MIN_DEFAULT_FLUSH_DURATION = Duration.ofSeconds(30);

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
		Duration running = statistics.runningFor().orElse(null);
		if (running != null) {
			details.put("flushRunningFor", running.truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString());
		}
		RestoreReport restore = this.activity.restore();
		if (restore != null && restore.fallback() != null) {
			// Not on the head's generation: the operator should know what the start fell back to.
			details.put("restoredGeneration", (restore.generation() != null) ? restore.generation() : "");
			details.put("restoreFallback", restore.fallback());
		}
		SnapshotConflictException conflict = (statistics.consecutiveFailures() > 0) ? conflict(statistics.lastError())
				: null;
		if (conflict != null) {
			details.put("reason", "Another writer took branch '" + this.database.branch() + "', so this instance "
					+ "cannot flush it again (its unflushed changes stay in its live database): "
					+ conflict.getMessage());
			details.put("error", BucketHeadActivity.describe(conflict, this.properties));
			return Health.down().withDetails(details).build();
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
		Duration maxFlush = maxFlushDuration(this.properties);
		if (running != null && running.compareTo(maxFlush) > 0) {
			details.put("reason", "A flush has been running for " + shortly(running) + " (limit " + shortly(maxFlush)
					+ "); the bucket may not be answering");
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

	/** {@code 42s}, or {@code 120ms} below a second. */
	private static String shortly(Duration duration) {
		return (duration.toMillis() < 1000) ? duration.toMillis() + "ms" : duration.toSeconds() + "s";
	}

	private static @Nullable SnapshotConflictException conflict(@Nullable Throwable error) {
		for (Throwable cause = error; cause != null; cause = cause.getCause()) {
			if (cause instanceof SnapshotConflictException conflict) {
				return conflict;
			}
		}
		return null;
	}

	/** {@code buckethead.health.max-flush-duration}, or three flush intervals, at least 30 seconds. */
	static Duration maxFlushDuration(BucketHeadProperties properties) {
		Duration configured = properties.getHealth().getMaxFlushDuration();
		if (configured != null) {
			return configured;
		}
		Duration threeIntervals = properties.getSnapshot().getInterval().multipliedBy(3);
		return (threeIntervals.compareTo(MIN_DEFAULT_FLUSH_DURATION) < 0) ? MIN_DEFAULT_FLUSH_DURATION
				: threeIntervals;
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
