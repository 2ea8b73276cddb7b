package dev.buckethead.snapshot;

import dev.buckethead.BucketHeadException;
import org.jspecify.annotations.Nullable;

/**
 * The branch head moved since this instance last saw it: another process flushed to the same branch. Nothing
 * was overwritten; this instance's unflushed changes are still in its live database.
 */
public class SnapshotConflictException extends BucketHeadException {

	public SnapshotConflictException(String branch, @Nullable String expectedGeneration,
			@Nullable String actualGeneration) {
		super("Branch '" + branch + "' was updated by another writer: this instance expected its head at "
				+ (expectedGeneration == null ? "no generation (a new branch)" : "generation " + expectedGeneration)
				+ " but it is now at " + (actualGeneration == null ? "an unreadable head" : actualGeneration)
				+ ". Refusing to overwrite it. Only one process may write a branch: stop the other writer, or "
				+ "restart this one to restore the newer head.");
	}

}
