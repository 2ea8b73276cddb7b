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
 */
public record HeadPointer(int format, String branch, String generation, List<String> retained, Instant updatedAt,
		@Nullable String lineage, @Nullable Long sequence) {

	public static final int FORMAT = 1;

	/** The lineage of a head written before heads carried one. */
	public static final String LEGACY_LINEAGE = "0";

	public HeadPointer {
		retained = List.copyOf(retained);
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
