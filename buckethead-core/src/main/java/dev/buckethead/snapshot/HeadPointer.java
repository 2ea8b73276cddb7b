package dev.buckethead.snapshot;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The mutable part of a branch: which generation is current, and which older generations are kept. Updated
 * only by conditional writes, so two writers can never silently overwrite each other.
 *
 * @param format the head format version
 * @param branch the branch name
 * @param generation the current generation
 * @param retained the generations kept for restore "as of", newest first, starting with {@code generation}
 * @param updatedAt when the head was last written
 * @param lineage a random id chosen when the head was created and kept on every advance; it names the
 * branch's successor objects ({@link SnapshotLayout#successorKey}) so that a branch deleted and created again at
 * the same generation does not meet its old claims. Null in heads written before successor claims existed,
 * which use {@link #LEGACY_LINEAGE}.
 * @param sequence the step number of {@code generation} in its lineage (0 when the head was created); the
 * claim of the next step lives at sequence + 1. Null in heads written before successor claims existed: 0.
 * @param base the base generation (one with a manifest) that {@code generation} builds on: {@code generation}
 * itself for a base step, else the base its chain of page deltas starts from. Null in heads written before
 * page deltas existed, whose generation is always a base.
 * @param baseSequence the step of {@code base} in the lineage; deltas follow from baseSequence + 1. Null in
 * heads written before page deltas existed: {@link #effectiveSequence()}.
 */
public record HeadPointer(int format, String branch, String generation, List<String> retained, Instant updatedAt,
		@Nullable String lineage, @Nullable Long sequence, @Nullable String base, @Nullable Long baseSequence) {

	public static final int FORMAT = 1;

	/** The lineage of a head written before heads carried one. */
	public static final String LEGACY_LINEAGE = "0";

	public HeadPointer {
		retained = List.copyOf(retained);
	}

	/** A head whose generation is a base (a generation with a manifest). */
	public static HeadPointer ofBase(String branch, String generation, List<String> retained, Instant updatedAt,
			String lineage, long sequence) {
		return new HeadPointer(FORMAT, branch, generation, retained, updatedAt, lineage, sequence, generation,
				sequence);
	}

	/** The generation with a manifest that this head's state is restored from (then its deltas applied). */
	public String effectiveBase() {
		return base == null ? generation : base;
	}

	/** The step of {@link #effectiveBase()}; the deltas to apply are the steps after it up to the head's. */
	public long effectiveBaseSequence() {
		return baseSequence == null ? effectiveSequence() : baseSequence;
	}

	/** Whether the head's generation is a page delta on a base rather than a base itself. */
	public boolean isDelta() {
		return !effectiveBase().equals(generation);
	}

	/** The lineage successor objects of this head use. */
	public String effectiveLineage() {
		return lineage == null ? LEGACY_LINEAGE : lineage;
	}

	/** The step number successor claims of this head count from. */
	public long effectiveSequence() {
		return sequence == null ? 0 : sequence;
	}

}
