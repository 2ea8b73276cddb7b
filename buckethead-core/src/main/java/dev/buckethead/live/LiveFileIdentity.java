package dev.buckethead.live;

import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Which database a live file holds and how far the bucket has it, written next to the file
 * ({@code live-<id>.json}) when it is restored and around every flush. It survives the process (kill -9 with
 * the machine up), so that the next start can tell whether the file may take the place of the bucket's copy.
 *
 * @param format the identity format ({@link #FORMAT})
 * @param bucket the bucket, as it describes itself (never a secret)
 * @param snapshotKey the snapshot key
 * @param branch the branch the content belongs to
 * @param generation the generation the content descends from: the bucket holds it, the file holds it and every
 * write since; null when the branch had none yet
 * @param pending a generation a flush is writing from an image of this file: once a head points at it, the file
 * descends from it too
 * @param pid the process that wrote it
 * @param updatedAt when it was written
 */
public record LiveFileIdentity(int format, String bucket, String snapshotKey, String branch,
		@Nullable String generation, @Nullable String pending, long pid, Instant updatedAt) {

	public static final int FORMAT = 1;

	/** The identity of content restored from (or flushed as) {@code generation}, written by this process now. */
	public static LiveFileIdentity of(String bucket, String snapshotKey, String branch, @Nullable String generation) {
		return new LiveFileIdentity(FORMAT, bucket, snapshotKey, branch, generation, null,
				ProcessHandle.current().pid(), Instant.now());
	}

	/** This identity while a flush writes {@code candidate} from an image of the file. */
	public LiveFileIdentity pending(String candidate) {
		return new LiveFileIdentity(format, bucket, snapshotKey, branch, generation, candidate, pid, Instant.now());
	}

	/** Whether the file holds {@code headGeneration} plus only later writes (null: a branch with no generation). */
	public boolean descendsFrom(@Nullable String headGeneration) {
		return Objects.equals(generation, headGeneration) || (pending != null && pending.equals(headGeneration));
	}

	/** Whether both name the same database (bucket and snapshot key), whatever the branch. */
	public boolean sameDatabase(String otherBucket, String otherSnapshotKey) {
		return bucket.equals(otherBucket) && snapshotKey.equals(otherSnapshotKey);
	}

}
