package dev.buckethead.snapshot;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What one successful or skipped flush did.
 *
 * @param trigger why it ran
 * @param outcome {@link FlushOutcome#SUCCESS} or {@link FlushOutcome#SKIPPED}
 * @param generation the generation written, or the current one when skipped (null if there is none yet)
 * @param branch the branch flushed
 * @param duration wall time
 * @param bytesUploaded bytes sent to the bucket (compressed chunks, manifest and head); 0 when skipped
 * @param chunksUploaded chunks sent
 * @param chunksReused chunks the previous generation already held
 * @param databaseSize the database size in bytes
 * @param completedAt when it finished
 */
public record FlushResult(FlushTrigger trigger, FlushOutcome outcome, @Nullable String generation, String branch,
		Duration duration, long bytesUploaded, int chunksUploaded, int chunksReused, long databaseSize,
		Instant completedAt) {

	public boolean skipped() {
		return outcome == FlushOutcome.SKIPPED;
	}

}
