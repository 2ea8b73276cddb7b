package dev.buckethead.replica;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * One apply: the replica moved from one point of the branch to a newer one.
 *
 * @param branch the branch
 * @param from the generation served before, null for the first state
 * @param to the generation served now
 * @param sequence its step
 * @param steps steps covered (1 for one delta; a resynchronisation counts 1)
 * @param pagesWritten pages written into the live file
 * @param bytesDownloaded bytes fetched from the bucket for it
 * @param resync whether the whole state was restored (a new base, a new lineage) rather than deltas applied
 * @param duration how long readers were held off (the exclusive lock's hold time, plus its wait)
 */
public record ReplicaApplied(String branch, @Nullable String from, String to, long sequence, int steps,
		long pagesWritten, long bytesDownloaded, boolean resync, Duration duration) {
}
