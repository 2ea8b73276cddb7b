package dev.buckethead.snapshot;

import dev.buckethead.BucketHeadException;
import org.jspecify.annotations.Nullable;

/**
 * Another process wrote the branch since this instance last saw it. Nothing was overwritten; this instance's
 * unflushed changes are still in its live database.
 */
public class SnapshotConflictException extends BucketHeadException {

	private final String branch;

	private final @Nullable String expectedGeneration;

	private final @Nullable String otherGeneration;

	public SnapshotConflictException(String branch, @Nullable String expectedGeneration,
			@Nullable String otherGeneration) {
		super("Branch '" + branch + "' was updated by another writer: this instance expected it at "
				+ (expectedGeneration == null ? "no generation (a new branch)" : "generation " + expectedGeneration)
				+ " but another writer's generation "
				+ (otherGeneration == null ? "(unreadable)" : otherGeneration) + " is there now"
				+ ". Refusing to overwrite it. Only one process may write a branch: stop the other writer, or "
				+ "restart this one to restore the newer state.");
		this.branch = branch;
		this.expectedGeneration = expectedGeneration;
		this.otherGeneration = otherGeneration;
	}

	public String branch() {
		return branch;
	}

	/** The generation this instance expected the branch at; null when it expected a new branch. */
	public @Nullable String expectedGeneration() {
		return expectedGeneration;
	}

	/** The other writer's generation, when it could be read. */
	public @Nullable String otherGeneration() {
		return otherGeneration;
	}

}
