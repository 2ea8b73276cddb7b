package dev.buckethead.snapshot;

/**
 * A generation cannot be rebuilt because a link of its chain (a delta's parent, down to a base) is missing or
 * does not fit. A {@link CorruptSnapshotException}, so restore falls back to an older point where allowed.
 */
public class BrokenChainException extends CorruptSnapshotException {

	/** @param generation the generation whose link is broken */
	public BrokenChainException(String generation, String problem) {
		super("generation " + generation, problem);
	}

}
