package dev.buckethead.replica;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What a replica serves and how far behind it may be.
 *
 * @param branch the branch followed
 * @param generation the generation served; null while the branch has no head yet
 * @param sequence its step in the branch's lineage
 * @param commitTime when the writer made that generation (its flush)
 * @param currentAsOf when a poll last found nothing newer than what is served: every change the writer flushed
 * before then is visible here; null before the first such poll
 * @param lag how stale the replica may be: now minus {@code currentAsOf} (since the start while it is null)
 * @param appliedSteps steps applied since the start (a resynchronisation counts one)
 * @param healthy whether the lag is within the configured maximum and the branch exists
 * @param branchMissing whether the last head read found no head (the branch was deleted; the last point is
 * still served)
 * @param lastError the last poll's failure, null when it succeeded
 */
public record ReplicaStatus(String branch, @Nullable String generation, long sequence, @Nullable Instant commitTime,
		@Nullable Instant currentAsOf, Duration lag, long appliedSteps, boolean healthy, boolean branchMissing,
		@Nullable String lastError) {
}
