package dev.buckethead.snapshot;

/** How a flush ended. */
public enum FlushOutcome {

	/** A new generation was written. */
	SUCCESS,
	/** Nothing changed since the last flush: no request was made. */
	SKIPPED,
	/** The flush failed; see the error. */
	ERROR

}
