package dev.buckethead.snapshot;

import java.time.Instant;
import java.util.List;

/**
 * The mutable part of a branch: which generation is current, and which older generations are kept. Updated
 * only by conditional writes, so two writers can never silently overwrite each other.
 *
 * @param format the head format version
 * @param branch the branch name
 * @param generation the current generation
 * @param retained the generations kept for restore "as of", newest first, starting with {@code generation}
 * @param updatedAt when the head was last written
 */
public record HeadPointer(int format, String branch, String generation, List<String> retained, Instant updatedAt) {

	public static final int FORMAT = 1;

	public HeadPointer {
		retained = List.copyOf(retained);
	}

}
