package dev.buckethead.snapshot;

import java.time.Instant;

/**
 * The claim of one step of a branch: {@code generation} follows {@code after}. Created at
 * {@link SnapshotLayout#successorKey} with If-None-Match, which S3, R2, MinIO and S3Proxy all make atomic (unlike
 * If-Match on S3Proxy), so of two writers that saw the same head exactly one can claim its successor. Readers
 * follow claims from the head, so a step whose head write did not land is still found.
 *
 * @param format the claim format version ({@link #FORMAT})
 * @param branch the branch
 * @param lineage the head's lineage ({@link HeadPointer#lineage()})
 * @param sequence the step number ({@link SnapshotLayout#successorKey})
 * @param after the generation this step follows
 * @param generation the generation it leads to, whose manifest was written before the claim
 * @param writer a random id of the claiming process, so a retried create whose first attempt landed is known
 * as its own
 * @param createdAt when it was claimed
 */
public record SuccessorClaim(int format, String branch, String lineage, long sequence, String after, String generation,
		String writer, Instant createdAt) {

	public static final int FORMAT = 1;

}
