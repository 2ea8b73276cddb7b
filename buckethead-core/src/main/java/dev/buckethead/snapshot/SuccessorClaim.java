package dev.buckethead.snapshot;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * The claim of one step of a branch: {@code generation} follows {@code after}. Created at
 * {@link SnapshotLayout#successorKey} with If-None-Match, which S3, R2, MinIO and S3Proxy all make atomic (unlike
 * If-Match on S3Proxy), so of two writers that saw the same head exactly one can claim its successor. Readers
 * follow claims from the head, so a step whose head write did not land is still found.
 * <p>
 * A base step (kind absent or {@code base}) is a JSON object naming a generation whose manifest was written
 * before the claim. A delta step ({@link #KIND_DELTA}) is stored as a binary object ({@link DeltaStepCodec}):
 * this record as its header, then the first part of the step's page delta, so that data and fence are one PUT.
 *
 * @param format the claim format version ({@link #FORMAT})
 * @param branch the branch
 * @param lineage the head's lineage ({@link HeadPointer#lineage()})
 * @param sequence the step number ({@link SnapshotLayout#successorKey})
 * @param after the generation this step follows
 * @param generation the generation it leads to: for a base step, one whose manifest was written before the
 * claim
 * @param writer a random id of the claiming process, so a retried create whose first attempt landed is known
 * as its own
 * @param createdAt when it was claimed
 * @param kind {@link #KIND_DELTA} for a delta step; null (or {@code base}) for a base step
 * @param base for a delta step, the base generation its chain starts from
 * @param baseSequence for a delta step, the step of {@code base}
 * @param pageSize for a delta step, the database page size
 * @param pageCount for a delta step, the database size in pages after it
 * @param references for a delta step, the reference lists of its state by source (as a manifest's)
 * @param parts for a delta step, the keys of its parts after the first (uploaded before the claim), in order
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SuccessorClaim(int format, String branch, String lineage, long sequence, String after, String generation,
		String writer, Instant createdAt, @Nullable String kind, @Nullable String base, @Nullable Long baseSequence,
		@Nullable Integer pageSize, @Nullable Long pageCount, @Nullable Map<String, String> references,
		@Nullable List<String> parts) {

	public static final int FORMAT = 1;

	public static final String KIND_DELTA = "delta";

	/** A base step's claim. */
	public SuccessorClaim(int format, String branch, String lineage, long sequence, String after, String generation,
			String writer, Instant createdAt) {
		this(format, branch, lineage, sequence, after, generation, writer, createdAt, null, null, null, null, null,
				null, null);
	}

	public boolean isDelta() {
		return KIND_DELTA.equals(kind);
	}

	/** The delta's reference lists; empty for a base step (its manifest holds them). */
	public Map<String, String> referencesOrEmpty() {
		return references == null ? Map.of() : references;
	}

	/** The keys of the delta's parts after the one the claim object holds. */
	public List<String> extraParts() {
		return parts == null ? List.of() : parts;
	}

}
