package dev.buckethead.snapshot;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import dev.buckethead.bucket.ObjectInfo;

/**
 * Reads which points of a branch can be restored: its retained bases, and every delta step of its lineage whose
 * chain back to a retained base is complete (each step from the base to it still claimed). One listing of the
 * lineage's claims and one GET per claim; gc deletes the claims no retained point needs, so that stays the
 * number of points the retention policy keeps.
 */
final class BranchPoints {

	private BranchPoints() {
	}

	/**
	 * The points found, newest first, and the claims of the lineage's steps by step.
	 */
	record Found(List<BranchPoint> points, Map<Long, SuccessorClaim> claims) {

		List<String> generations() {
			return points.stream().map(BranchPoint::generation).toList();
		}

		Optional<BranchPoint> point(String generation) {
			return points.stream().filter((point) -> point.generation().equals(generation)).findFirst();
		}

	}

	/**
	 * The points a restore of {@code point} chooses from: for the latest, the tip and the retained bases (no
	 * claim read); otherwise every point {@link #read} finds.
	 */
	static List<BranchPoint> forRestore(SnapshotStore store, HeadPointer tip, RestorePoint point) {
		if (!point.isLatest()) {
			return read(store, tip).points();
		}
		List<BranchPoint> points = new ArrayList<>();
		if (tip.isDelta()) {
			points.add(BranchPoint.delta(tip.effectiveSequence(), tip.generation(),
					GenerationIds.createdAt(tip.generation()), tip.effectiveBase(), tip.effectiveBaseSequence()));
		}
		for (String base : tip.retained()) {
			points.add(BranchPoint.base(base.equals(tip.effectiveBase()) ? tip.effectiveBaseSequence()
					: BranchPoint.UNKNOWN_SEQUENCE, base));
		}
		return points;
	}

	/**
	 * The points of {@code points} that {@code point} accepts, newest first: the first is the one to restore, the
	 * others what a fallback tries next.
	 * @throws NoRestorePointException when there are none
	 */
	static List<BranchPoint> candidates(String branch, List<BranchPoint> points, RestorePoint point) {
		List<String> accepted;
		try {
			accepted = RestorePlanner.candidates(points.stream().map(BranchPoint::generation).toList(), point);
		}
		catch (NoRestorePointException ex) {
			throw new NoRestorePointException("Branch '" + branch + "' has no retained generation " + point + ": "
					+ ex.getMessage());
		}
		return points.stream().filter((candidate) -> accepted.contains(candidate.generation())).toList();
	}

	/** {@link #read(SnapshotStore, HeadPointer, StepWalk)}, reading the claims one at a time. */
	static Found read(SnapshotStore store, HeadPointer tip) {
		return read(store, tip, new StepWalk(null));
	}

	/**
	 * @param tip the branch's state, moved along its claims ({@link BranchHeads#read})
	 * @param walk how the listed claims are read (in parallel windows on the I/O threads)
	 */
	static Found read(SnapshotStore store, HeadPointer tip, StepWalk walk) {
		String branch = tip.branch();
		String lineage = tip.effectiveLineage();
		SnapshotLayout layout = store.layout();
		List<Long> listed = new ArrayList<>();
		for (ObjectInfo info : store.list(layout.successorPrefix(branch, lineage))) {
			long step = layout.sequenceOfSuccessorKey(info.key());
			if (step > 0 && step <= tip.effectiveSequence()) {
				listed.add(step);
			}
		}
		TreeMap<Long, SuccessorClaim> claims = new TreeMap<>();
		// Every listed claim is known to exist; one gone since the listing (gc) is no point, not the walk's end.
		walk.walk(0, listed.size() - 1, listed.size() - 1,
				(index) -> Optional.of(store.readSuccessor(branch, lineage, listed.get((int) index))), (claim) -> 0,
				(index, claim) -> {
					claim.ifPresent((found) -> claims.put(listed.get((int) index), found));
					return true;
				});
		Set<String> bases = new LinkedHashSet<>(tip.retained());
		bases.add(tip.effectiveBase());
		Map<String, Long> baseSteps = new HashMap<>();
		baseSteps.put(tip.effectiveBase(), tip.effectiveBaseSequence());
		SuccessorClaim first = claims.get(1L);
		if (first != null) {
			baseSteps.putIfAbsent(first.after(), 0L);
		}
		claims.forEach((step, claim) -> {
			if (!claim.isDelta() || bases.contains(claim.generation())) {
				// A base step, or a delta step compacted into a base (its generation has a manifest too).
				baseSteps.putIfAbsent(claim.generation(), step);
			}
			if (claim.isDelta()) {
				baseSteps.putIfAbsent(claim.base(), claim.baseSequence());
			}
		});
		TreeMap<Long, String> retainedBaseAt = new TreeMap<>();
		baseSteps.forEach((base, step) -> {
			if (bases.contains(base)) {
				retainedBaseAt.put(step, base);
			}
		});
		List<BranchPoint> points = new ArrayList<>();
		// Oldest first. A delta is restorable from the newest retained base before it, at or after the base it
		// names (a later one when a step in between was compacted into a base), when every step from that base up
		// to it is a delta still claimed: each delta holds the pages changed since the step before it.
		long runStart = Long.MAX_VALUE;
		long previous = Long.MIN_VALUE;
		for (Map.Entry<Long, SuccessorClaim> entry : claims.entrySet()) {
			long step = entry.getKey();
			SuccessorClaim claim = entry.getValue();
			boolean inRun = step == previous + 1 && runStart != Long.MAX_VALUE;
			previous = step;
			if (!claim.isDelta()) {
				runStart = Long.MAX_VALUE;
				continue;
			}
			runStart = inRun ? runStart : step;
			Map.Entry<Long, String> base = retainedBaseAt.floorEntry(step - 1);
			if (bases.contains(claim.generation()) || base == null || base.getKey() < claim.baseSequence()
					|| base.getKey() + 1 < runStart) {
				continue;
			}
			points.add(BranchPoint.delta(step, claim.generation(), GenerationIds.createdAt(claim.generation()),
					base.getValue(), base.getKey()));
		}
		for (String base : bases) {
			points.add(BranchPoint.base(baseSteps.getOrDefault(base, BranchPoint.UNKNOWN_SEQUENCE), base));
		}
		points.sort(Comparator.comparing(BranchPoint::createdAt)
			.thenComparing(BranchPoint::sequence)
			.reversed());
		return new Found(List.copyOf(points), Map.copyOf(claims));
	}

}
