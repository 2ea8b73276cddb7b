package dev.buckethead.snapshot;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.buckethead.snapshot.GenerationInfo.Base;
import dev.buckethead.snapshot.GenerationInfo.Delta;
import dev.buckethead.snapshot.RestorePlan.DeltaFetch;

/**
 * The restore decision as one pure function: which point of a branch a {@link RestorePoint} means, which base
 * it is built on, which deltas follow in which order, and which GETs bring the base's chunks ({@link ChunkReads}). No I/O: the
 * caller reads the head and the generations of the chain, then executes the plan.
 */
public final class RestorePlanner {

	private RestorePlanner() {
	}

	/** {@link #plan(List, Map, RestorePoint, long, long)} with the default range sizes. */
	public static RestorePlan plan(List<String> points, Map<String, GenerationInfo> generations, RestorePoint point) {
		return plan(points, generations, point, ChunkReads.DEFAULT_MAX_RANGE_BYTES, ChunkReads.DEFAULT_MAX_GAP_BYTES);
	}

	/**
	 * @param points the branch's restorable points, newest first (the head's retained generations, beginning
	 * with its tip)
	 * @param generations what is known of the chosen point's chain: it, its parents down to a base
	 * @param point which point to restore
	 * @param maxRangeBytes the largest range GET of a packed object
	 * @param maxGapBytes the most unneeded bytes a range may span between two needed chunks
	 * @throws NoRestorePointException when no point matches
	 * @throws BrokenChainException when a generation of the chain is missing or does not fit
	 * @throws CorruptSnapshotException when a base's chunks do not add up to its size
	 */
	public static RestorePlan plan(List<String> points, Map<String, GenerationInfo> generations, RestorePoint point,
			long maxRangeBytes, long maxGapBytes) {
		String chosen = candidates(points, point).get(0);
		List<GenerationInfo> chain = chain(chosen, generations);
		GenerationInfo base = chain.get(chain.size() - 1);
		Base content = (Base) base.content();
		List<DeltaFetch> deltas = new ArrayList<>();
		long size = content.size();
		for (int i = chain.size() - 2; i >= 0; i--) {
			GenerationInfo generation = chain.get(i);
			Delta delta = (Delta) generation.content();
			if (delta.pageSize() != content.pageSize()) {
				throw new BrokenChainException(generation.generation(), "its page size " + delta.pageSize()
						+ " differs from its base " + base.generation() + "'s " + content.pageSize());
			}
			deltas.add(new DeltaFetch(generation.generation(), delta.pageCount(), delta.partKeys()));
			size = delta.pageCount() * delta.pageSize();
		}
		String source = "generation " + base.generation();
		ChunkReads reads = ChunkReads.of(content.chunks(), maxRangeBytes, maxGapBytes, source);
		if (reads.size() != content.size()) {
			throw new CorruptSnapshotException(source, "its chunks add up to " + reads.size()
					+ " bytes but it records a size of " + content.size());
		}
		return new RestorePlan(chosen, base.generation(), size, content.pageSize(), reads, deltas);
	}

	/**
	 * The points {@code point} accepts, newest first; the first is the one to restore, the others are what a
	 * fallback to an older generation tries next.
	 * @throws NoRestorePointException when there are none
	 */
	public static List<String> candidates(List<String> points, RestorePoint point) {
		List<String> accepted = new ArrayList<>();
		for (String candidate : points) {
			if (point.accepts(candidate)) {
				accepted.add(candidate);
			}
		}
		if (accepted.isEmpty()) {
			throw new NoRestorePointException(points.isEmpty() ? "The branch has no restorable point yet"
					: "No retained point of the branch is " + point + "; it retains " + points.size()
							+ " points from " + points.get(points.size() - 1) + " to " + points.get(0)
							+ ". Pick one of them (restore as-of a later time, or a listed generation)");
		}
		return accepted;
	}

	/** The chosen generation, then its parents, down to and including a base. */
	private static List<GenerationInfo> chain(String chosen, Map<String, GenerationInfo> generations) {
		List<GenerationInfo> chain = new ArrayList<>();
		Set<String> seen = new HashSet<>();
		String current = chosen;
		String needer = null;
		while (true) {
			GenerationInfo info = generations.get(current);
			if (info == null) {
				throw new BrokenChainException(current, needer == null ? "it is not available to restore"
						: "it is missing, and generation " + needer + " is a delta on it");
			}
			if (!seen.add(current)) {
				throw new BrokenChainException(current, "its chain of parents loops back to itself");
			}
			chain.add(info);
			if (info.content() instanceof Base) {
				return chain;
			}
			if (info.parent() == null) {
				throw new BrokenChainException(current, "it is a delta with no parent to apply it to");
			}
			needer = current;
			current = info.parent();
		}
	}

}
