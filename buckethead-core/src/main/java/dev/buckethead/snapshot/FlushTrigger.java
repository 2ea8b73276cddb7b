package dev.buckethead.snapshot;

/** Why a flush ran. Low-cardinality by design: it becomes a metric tag. */
public enum FlushTrigger {

	/** The periodic timer. */
	INTERVAL,
	/** An explicit {@code forceFlush()}. */
	MANUAL,
	/** The final flush on close. */
	SHUTDOWN,
	/** Before a branch operation (switch, create, overwrite). */
	BRANCH,
	/** At start-up, after adopting a live file left by a process that died: its writes reach the bucket at once. */
	RECOVERY

}
