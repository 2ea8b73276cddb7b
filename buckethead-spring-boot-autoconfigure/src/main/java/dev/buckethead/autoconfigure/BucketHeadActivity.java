package dev.buckethead.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import dev.buckethead.BucketSQLite;
import dev.buckethead.FlushStatistics;
import dev.buckethead.snapshot.FlushResult;
import dev.buckethead.snapshot.FlushTrigger;
import dev.buckethead.snapshot.SnapshotListener;
import dev.buckethead.snapshot.SnapshotSession.RestoreReport;
import org.jspecify.annotations.Nullable;

/**
 * What the engine did lately that {@link BucketSQLite#statistics()} does not keep: the restore at start-up, when
 * and why the last flush failed, and when the bucket was last known to hold everything. Read by the Actuator
 * endpoint, the health indicator and the metrics; it never makes a bucket request.
 * <p>
 * Registered on the engine like any {@code FlushListener} bean, before it starts, so the restore is seen.
 */
public final class BucketHeadActivity implements SnapshotListener {

	private final Clock clock;

	private final Instant createdAt;

	private volatile @Nullable RestoreReport restore;

	private volatile @Nullable Instant restoredAt;

	private volatile long flushStartedNanos;

	private volatile @Nullable FlushTrigger lastErrorTrigger;

	private volatile @Nullable Instant lastErrorAt;

	private volatile @Nullable Duration lastErrorDuration;

	private volatile @Nullable Instant syncedAt;

	public BucketHeadActivity() {
		this(Clock.systemUTC());
	}

	public BucketHeadActivity(Clock clock) {
		this.clock = clock;
		this.createdAt = clock.instant();
	}

	@Override
	public void onRestoreComplete(RestoreReport report) {
		Instant now = this.clock.instant();
		this.restore = report;
		this.restoredAt = now;
		this.syncedAt = now;
	}

	@Override
	public void onFlushStart(FlushTrigger trigger) {
		this.flushStartedNanos = System.nanoTime();
	}

	@Override
	public void onFlushComplete(FlushResult result) {
		// Written or skipped: either way the bucket held everything the database did when it finished.
		this.syncedAt = result.completedAt();
	}

	@Override
	public void onFlushError(FlushTrigger trigger, Throwable error) {
		this.lastErrorDuration = Duration.ofNanos(System.nanoTime() - this.flushStartedNanos);
		this.lastErrorTrigger = trigger;
		this.lastErrorAt = this.clock.instant();
	}

	/** The restore at start-up, or null when this listener was not registered before the engine started. */
	public @Nullable RestoreReport restore() {
		return this.restore;
	}

	public @Nullable Instant restoredAt() {
		return this.restoredAt;
	}

	/** When the last failed flush failed, or null if none has. */
	public @Nullable Instant lastErrorAt() {
		return this.lastErrorAt;
	}

	public @Nullable FlushTrigger lastErrorTrigger() {
		return this.lastErrorTrigger;
	}

	public @Nullable Duration lastErrorDuration() {
		return this.lastErrorDuration;
	}

	/**
	 * When the bucket was last known to hold everything the database held: the end of the last flush that wrote
	 * or had nothing to write, else the restore, else (for an engine this listener did not see start) the last
	 * completed flush the engine reports, else when this listener was created.
	 */
	public Instant syncedAt(FlushStatistics statistics) {
		Instant synced = this.syncedAt;
		if (synced != null) {
			return synced;
		}
		FlushResult last = statistics.lastResult();
		return (last != null) ? last.completedAt() : this.createdAt;
	}

	/** How long ago {@link #syncedAt}, never negative. */
	public Duration sinceSynced(FlushStatistics statistics) {
		Duration age = Duration.between(syncedAt(statistics), this.clock.instant());
		return age.isNegative() ? Duration.ZERO : age;
	}

	/**
	 * A failure's message fit for a status page: the exception type and message, without credentials the
	 * properties hold nor signed-request parameters, and at most 500 characters.
	 */
	public static String describe(Throwable error, @Nullable BucketHeadProperties properties) {
		String message = redact(error.getClass().getSimpleName()
				+ ((error.getMessage() != null) ? ": " + error.getMessage() : ""), properties);
		return (message.length() > 500) ? message.substring(0, 500) + "..." : message;
	}

	/**
	 * {@code text} without the credentials the properties hold (the bucket's and the share bucket's) nor
	 * signed-request parameters: for anything that shows a failure's message outside the process.
	 */
	public static String redact(String text, @Nullable BucketHeadProperties properties) {
		String redacted = text;
		if (properties != null) {
			redacted = redact(redacted, properties.getBucket().getSecretAccessKey());
			redacted = redact(redacted, properties.getBucket().getAccessKeyId());
			redacted = redact(redacted, properties.getShares().getSecretAccessKey());
			redacted = redact(redacted, properties.getShares().getAccessKeyId());
		}
		return redacted.replaceAll("(?i)(X-Amz-(?:Credential|Signature|Security-Token)=)[^&\\s\"']+", "$1******")
			.replaceAll("(?i)(Credential=)[^,\\s\"']+", "$1******")
			.replaceAll("(?i)(Signature=)[0-9a-f]+", "$1******");
	}

	private static String redact(String message, @Nullable String secret) {
		return (secret == null || secret.isEmpty()) ? message : message.replace(secret, "******");
	}

}
