package dev.buckethead.snapshot;

import dev.buckethead.BucketHeadException;
import org.jspecify.annotations.Nullable;

/**
 * The branch has no head although the bucket holds its data: starting empty would hide that data, and the first
 * flush and the next gc would bury it. Nothing was written or deleted.
 */
public class MissingHeadException extends BucketHeadException {

	private final String branch;

	private final @Nullable String newestGeneration;

	MissingHeadException(String branch, @Nullable String newestGeneration, String message) {
		super(message);
		this.branch = branch;
		this.newestGeneration = newestGeneration;
	}

	public String branch() {
		return branch;
	}

	/** The newest manifest of the branch found, or null when only other snapshot objects were. */
	public @Nullable String newestGeneration() {
		return newestGeneration;
	}

}
