package dev.buckethead.snapshot;

import java.time.Duration;

/**
 * How long a chain of page-delta steps may grow and how far the head may lag its tip: the one place these
 * defaults live, validated once.
 *
 * @param maxSteps delta steps since the base after which the next flush writes a base instead
 * @param maxBytesRatio bytes of the chain's deltas, as a fraction of the base's database size, after which the
 * next flush writes a base instead
 * @param headLagSteps steps the head may lag its tip before a flush rewrites it
 * @param headLagTime how long the head may lag its tip before a flush rewrites it
 */
public record ChainLimits(int maxSteps, double maxBytesRatio, int headLagSteps, Duration headLagTime) {

	/**
	 * 18,000 steps (5 hours at a 1 s interval): a backstop on the GETs of a restore, which reads the steps after
	 * the base 32 at a time ({@link StepWalk}). Under a sustained trickle of scattered writes every base re-sends
	 * about the whole compressed database (every chunk holds a changed page within minutes), so bases must be
	 * rare for the hour's bytes to stay at Litestream's: the bytes ratio decides when, in proportion to the
	 * database's size (at 100 MB after about an hour of a 10-row/s trickle), and this limit only ends chains of
	 * tiny steps (at 500 MB it comes first, after 5 hours: a base of ~238 MB every 5 hours plus 72 MB/h of deltas
	 * is 120 MB/h, against Litestream's 134). A restore at the limit makes as many GETs as Litestream's of the
	 * same hours (one WAL segment a second) and was faster per step in the same runs.
	 */
	public static final int DEFAULT_MAX_STEPS = 18_000;

	/**
	 * Three quarters of the base's size. The sustained cost of scattered writes is their deltas plus a base
	 * (about half the database compressed) each time the deltas reach this ratio, so (1 + 0.47 / ratio) × the
	 * deltas: 1.6× at 0.75, under Litestream's WAL (1.85× BucketHead's deltas for a 10-row/s trickle); 2.9× at the
	 * former 0.25. Large changes still compact early: 100 flushes of 1 % random rows at 500 MB keep a chain of
	 * about 40 one-part deltas, so a restore stays under 64 GETs and downloads at most 0.75 × the size beyond the
	 * base.
	 */
	public static final double DEFAULT_MAX_BYTES_RATIO = 0.75;

	/**
	 * 300 steps: at a 1 s interval a head write every five minutes adds 12 requests an hour to 3,600 delta PUTs
	 * (3,612, under Litestream's 3,642 measured for the same trickle; with a head a minute BucketHead's 3,648 was
	 * just over it), and a reader walks at most ~300 claims past the head, in windows of 1, 2, 4 .. 32 GETs (about
	 * 14 round trips).
	 */
	public static final int DEFAULT_HEAD_LAG_STEPS = 300;

	/** Five minutes: the same bound in time, for slow intervals (a head at most five minutes older than its tip). */
	public static final Duration DEFAULT_HEAD_LAG_TIME = Duration.ofMinutes(5);

	public static final ChainLimits DEFAULTS = new ChainLimits(DEFAULT_MAX_STEPS, DEFAULT_MAX_BYTES_RATIO,
			DEFAULT_HEAD_LAG_STEPS, DEFAULT_HEAD_LAG_TIME);

	public ChainLimits {
		if (maxSteps < 1 || maxSteps > BranchHeads.MAX_SUCCESSOR_STEPS / 2) {
			throw new IllegalArgumentException("maxSteps must be between 1 and " + BranchHeads.MAX_SUCCESSOR_STEPS / 2
					+ ", got " + maxSteps);
		}
		if (!(maxBytesRatio > 0)) {
			throw new IllegalArgumentException("maxBytesRatio must be positive, got " + maxBytesRatio);
		}
		if (headLagSteps < 1 || headLagSteps > BranchHeads.MAX_SUCCESSOR_STEPS / 2) {
			throw new IllegalArgumentException("headLagSteps must be between 1 and "
					+ BranchHeads.MAX_SUCCESSOR_STEPS / 2 + ", got " + headLagSteps);
		}
		if (headLagTime == null || headLagTime.isNegative()) {
			throw new IllegalArgumentException("headLagTime must be set and not negative, got " + headLagTime);
		}
	}

	/** Whether a chain of {@code steps} deltas of {@code bytes} on a base of {@code baseSize} bytes is due a base. */
	public boolean baseDue(long steps, long bytes, long baseSize) {
		return steps >= maxSteps || bytes > maxBytesRatio * baseSize;
	}

	/** Whether a head {@code steps} steps and {@code age} behind its tip should be rewritten. */
	public boolean headDue(long steps, Duration age) {
		return steps >= headLagSteps || age.compareTo(headLagTime) >= 0;
	}

}
