package dev.buckethead.tracker;

import java.time.Clock;
import java.util.Objects;

/**
 * How a {@link LocalFileTracker} decides and records. Start from {@link #defaults()}.
 *
 * @param trustModificationTime treat a file whose size and modification time are those of its last sync as
 * unchanged without reading it (fast; misses an edit that keeps both, such as one within the file system's
 * timestamp granularity). When false, every sync hashes every file, which reads it but uploads nothing unless
 * the content changed.
 * @param readAttempts how many times a sync reads a file that changes while being read before it reports the
 * file under {@link SyncReport#errors()}; at least 1
 * @param clock the clock of {@link FileVersion#syncedAt()}
 */
public record TrackerOptions(boolean trustModificationTime, int readAttempts, Clock clock) {

	private static final TrackerOptions DEFAULTS = new TrackerOptions(true, 3, Clock.systemUTC());

	public TrackerOptions {
		Objects.requireNonNull(clock, "clock");
		if (readAttempts < 1) {
			throw new IllegalArgumentException("readAttempts must be at least 1, got " + readAttempts);
		}
	}

	/** Trusts modification times, reads a changing file up to 3 times, system UTC clock. */
	public static TrackerOptions defaults() {
		return DEFAULTS;
	}

	public TrackerOptions withTrustModificationTime(boolean trustModificationTime) {
		return new TrackerOptions(trustModificationTime, this.readAttempts, this.clock);
	}

	public TrackerOptions withReadAttempts(int readAttempts) {
		return new TrackerOptions(this.trustModificationTime, readAttempts, this.clock);
	}

	public TrackerOptions withClock(Clock clock) {
		return new TrackerOptions(this.trustModificationTime, this.readAttempts, clock);
	}

}
