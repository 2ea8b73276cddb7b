package dev.buckethead.snapshot;

/**
 * What a start does when the branch has no head but the bucket holds data of it (manifests of the branch, or
 * snapshot objects under a layout no head uses). A branch with nothing in the bucket always starts empty.
 */
public enum OnMissingHead {

	/** Refuse to start, naming the newest manifest found and the fix. The default: nothing is written. */
	FAIL,

	/**
	 * Restore the newest manifest of the branch that verifies (every chunk present and hash-verified,
	 * {@code quick_check}) and write the head again (If-None-Match), logging a warning.
	 */
	RECOVER_NEWEST

}
