package dev.buckethead.snapshot;

import org.jspecify.annotations.Nullable;

/**
 * Which of a sequence of objects (the successor steps of a lineage, or the parts of a chain's deltas) a reader
 * fetches next, at once: one pure decision, table tested; {@link StepWalk} does the reads.
 * <p>
 * Objects known to exist (the steps up to a head, claimed before it was written) are read {@link #MAX_WIDTH} at
 * a time. Past them the reader does not know where the sequence ends: each window reads as many as were read past
 * them so far (1, 1, 2, 4, 8 ..), so a poll that finds nothing new costs one GET and one that finds one step two,
 * as a one-by-one walk does, a walk never reads more objects past the end than it found, and a long way behind is
 * caught up in a few round trips. A window never holds more than about {@link #BUDGET_BYTES} of
 * answers: it narrows after large objects (the steps of bulk changes) and widens after small ones (a trickle).
 */
final class StepWindows {

	/** Reads at once at most: the I/O pool's threads are shared with the chunk reads of a restore. */
	static final int MAX_WIDTH = 32;

	/** Bytes a window of answers may hold, judged by the largest answer so far. */
	static final long BUDGET_BYTES = 32L * 1024 * 1024;

	private StepWindows() {
	}

	/** The objects {@code first} to {@code last} (inclusive), read in parallel. */
	record Window(long first, long last) {

		int size() {
			return (int) (last - first + 1);
		}

	}

	/**
	 * The next window, or null when {@code next} is past {@code limit}.
	 * @param next the first object not read yet
	 * @param known the last object known to exist (less than {@code next} when none of those left is)
	 * @param limit the last object to read at all
	 * @param beyond how many objects past {@code known} the walk has read so far
	 * @param largest the size in bytes of the largest answer so far (0 before any)
	 */
	static @Nullable Window next(long next, long known, long limit, long beyond, long largest) {
		if (next > limit) {
			return null;
		}
		long width = Math.max(1, Math.min(MAX_WIDTH, BUDGET_BYTES / Math.max(1, largest)));
		long last;
		if (next <= known) {
			last = Math.min(known, next + width - 1);
		}
		else {
			last = next + Math.min(width, Math.max(1, beyond)) - 1;
		}
		return new Window(next, Math.min(limit, last));
	}

}
