package dev.buckethead.replica;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.buckethead.config.BucketHeadConfigException;

/**
 * How a replica follows its branch. Immutable, validated once; Spring's {@code buckethead.replica.*} properties
 * map onto it.
 *
 * @param pollInterval time between two polls (one request each); zero: no timer, {@link BucketReplica#pollNow()}
 * only
 * @param maxLag the lag above which the replica reports itself unhealthy
 * @param headCheckPolls every this many polls in a row that found no new step, the poll reads the head instead
 * (conditionally) to notice a branch re-created or reset
 * @param maxBatchBytes pages of consecutive steps applied in one go up to this many bytes
 */
public record ReplicaSettings(Duration pollInterval, Duration maxLag, int headCheckPolls, long maxBatchBytes) {

	/** 1 s: one small GET a second per replica, and changes visible about a second after the writer's flush. */
	public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);

	/** 30 s: far above a healthy replica's lag (a poll interval plus a flush), short enough to fail over. */
	public static final Duration DEFAULT_MAX_LAG = Duration.ofSeconds(30);

	/** 10: at a 1 s poll, a re-created branch is noticed within 10 s of its last step. */
	public static final int DEFAULT_HEAD_CHECK_POLLS = 10;

	/** 64 MiB of pages held between reading steps and applying them. */
	public static final long DEFAULT_MAX_BATCH_BYTES = 64L * 1024 * 1024;

	public static final ReplicaSettings DEFAULTS = new ReplicaSettings(DEFAULT_POLL_INTERVAL, DEFAULT_MAX_LAG,
			DEFAULT_HEAD_CHECK_POLLS, DEFAULT_MAX_BATCH_BYTES);

	public ReplicaSettings {
		List<String> problems = new ArrayList<>();
		if (pollInterval == null || pollInterval.isNegative()) {
			problems.add("replica poll interval must be zero (no timer) or positive, got " + pollInterval);
		}
		if (maxLag == null || maxLag.isNegative() || maxLag.isZero()) {
			problems.add("replica max lag must be positive, got " + maxLag);
		}
		if (headCheckPolls < 1) {
			problems.add("replica head check polls must be at least 1, got " + headCheckPolls);
		}
		if (maxBatchBytes < 1024 * 1024) {
			problems.add("replica max batch bytes must be at least 1 MiB, got " + maxBatchBytes);
		}
		if (!problems.isEmpty()) {
			throw new BucketHeadConfigException(problems);
		}
	}

	public ReplicaSettings withPollInterval(Duration pollInterval) {
		return new ReplicaSettings(pollInterval, maxLag, headCheckPolls, maxBatchBytes);
	}

	public ReplicaSettings withMaxLag(Duration maxLag) {
		return new ReplicaSettings(pollInterval, maxLag, headCheckPolls, maxBatchBytes);
	}

	public ReplicaSettings withHeadCheckPolls(int headCheckPolls) {
		return new ReplicaSettings(pollInterval, maxLag, headCheckPolls, maxBatchBytes);
	}

}
