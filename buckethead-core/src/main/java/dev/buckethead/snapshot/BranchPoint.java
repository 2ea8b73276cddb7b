package dev.buckethead.snapshot;

import java.time.Instant;
import java.util.List;

/**
 * One restorable point of a branch: a step of its lineage (every flush is one), or a retained base whose step is
 * not known (written in an older lineage, or its claim was collected).
 *
 * @param sequence the step in the head's lineage; {@link #UNKNOWN_SEQUENCE} when not known
 * @param generation the generation the step leads to
 * @param createdAt when it was written
 * @param base the generation with a manifest it is restored from: itself for a base
 * @param baseSequence the step of {@code base}; deltas {@code baseSequence+1 .. sequence} are applied on it
 */
public record BranchPoint(long sequence, String generation, Instant createdAt, String base, long baseSequence) {

	public static final long UNKNOWN_SEQUENCE = -1;

	/** A base: a generation with a manifest. */
	public static BranchPoint base(long sequence, String generation) {
		return new BranchPoint(sequence, generation, GenerationIds.createdAt(generation), generation, sequence);
	}

	/** A delta step on {@code base}. */
	public static BranchPoint delta(long sequence, String generation, Instant createdAt, String base,
			long baseSequence) {
		return new BranchPoint(sequence, generation, createdAt, base, baseSequence);
	}

	public boolean isBase() {
		return base.equals(generation);
	}

	/** What {@link ChainRestorer} restores for this point of {@code tip}'s branch. */
	HeadPointer toHead(HeadPointer tip) {
		if (isBase()) {
			long step = sequence == UNKNOWN_SEQUENCE ? tip.effectiveSequence() : sequence;
			return HeadPointer.ofBase(tip.branch(), generation, List.of(generation), tip.updatedAt(),
					tip.effectiveLineage(), step);
		}
		return new HeadPointer(HeadPointer.FORMAT, tip.branch(), generation, List.of(base), tip.updatedAt(),
				tip.effectiveLineage(), sequence, base, baseSequence);
	}

}
