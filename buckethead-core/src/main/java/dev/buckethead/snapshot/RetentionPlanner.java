package dev.buckethead.snapshot;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The retention decision as one pure function: given a branch's restorable points and the time, which points
 * stay restorable ({@link RetentionPolicy}, {@code keepGenerations}). No I/O: the flush path feeds it the
 * retained bases, gc feeds it every point it found, and both keep exactly the bases it names (deltas do not
 * change which bases it keeps, so the two agree).
 * <p>
 * The rules, each keeping points whatever the others keep:
 * <ol>
 * <li>the tip (the newest point);</li>
 * <li>the newest {@code keepGenerations} bases;</li>
 * <li>every point younger than {@code everyPointFor}, and the newest point at or before that window's start, so
 * that restore "as of" any time inside the window finds the state at that time;</li>
 * <li>per UTC hour younger than {@code hourlyFor}, and per UTC day younger than {@code dailyFor}: the newest base
 * in it, or, when it holds no base, its newest point on a base inside the window (a delta whose chain is then kept, and which
 * {@link Retention#compactions()} names: once compacted into a base, the chain can go);</li>
 * <li>a kept delta keeps its chain: its base and the deltas between them.</li>
 * </ol>
 */
public final class RetentionPlanner {

	private RetentionPlanner() {
	}

	/**
	 * What to keep.
	 *
	 * @param kept the generations of the points kept, newest first
	 * @param compactions delta points kept only as an hour's or a day's point, newest first: compacting one into a
	 * base lets its chain go
	 */
	public record Retention(List<String> kept, List<BranchPoint> compactions) {

		public Retention {
			kept = List.copyOf(kept);
			compactions = List.copyOf(compactions);
		}

		public boolean keeps(String generation) {
			return kept.contains(generation);
		}

	}

	/**
	 * @param points the branch's restorable points, newest first
	 * @param now the time the ages count from
	 */
	public static Retention plan(List<BranchPoint> points, Instant now, RetentionPolicy policy, int keepGenerations) {
		Set<BranchPoint> kept = new LinkedHashSet<>();
		List<BranchPoint> compactions = new ArrayList<>();
		if (points.isEmpty()) {
			return new Retention(List.of(), List.of());
		}
		kept.add(points.get(0));
		points.stream().filter(BranchPoint::isBase).limit(keepGenerations).forEach(kept::add);
		keepWindow(points, now.minus(policy.everyPointFor()), policy.everyPointFor(), kept);
		for (BranchPoint point : newestPerPeriod(points, now.minus(policy.hourlyFor()), ChronoUnit.HOURS)) {
			thin(point, kept, compactions);
		}
		for (BranchPoint point : newestPerPeriod(points, now.minus(policy.dailyFor()), ChronoUnit.DAYS)) {
			thin(point, kept, compactions);
		}
		keepChains(points, kept);
		List<String> generations = points.stream().filter(kept::contains).map(BranchPoint::generation).toList();
		List<BranchPoint> ordered = points.stream().filter(compactions::contains).toList();
		return new Retention(generations, ordered);
	}

	private static void keepWindow(List<BranchPoint> points, Instant start, Duration length, Set<BranchPoint> kept) {
		if (length.isZero()) {
			return;
		}
		for (BranchPoint point : points) {
			kept.add(point);
			if (!point.createdAt().isAfter(start)) {
				// The first point at or before the window's start: the state at its start.
				return;
			}
		}
	}

	private static void thin(BranchPoint point, Set<BranchPoint> kept, List<BranchPoint> compactions) {
		if (kept.add(point) && !point.isBase()) {
			compactions.add(point);
		}
	}

	/**
	 * For each period (hour or day) after {@code cutoff}: its newest base, or its newest point when it has no base.
	 */
	private static List<BranchPoint> newestPerPeriod(List<BranchPoint> points, Instant cutoff, ChronoUnit unit) {
		Map<Instant, BranchPoint> newestBase = new LinkedHashMap<>();
		Map<Instant, BranchPoint> newestPoint = new LinkedHashMap<>();
		for (BranchPoint point : points) {
			// A delta on a base older than the cutoff is not an hour's point: the flush path, which sees only the
			// bases, would not keep that base, and both must keep the same bases.
			if (!point.createdAt().isAfter(cutoff) || !GenerationIds.createdAt(point.base()).isAfter(cutoff)) {
				continue;
			}
			Instant period = point.createdAt().truncatedTo(unit);
			newestPoint.putIfAbsent(period, point);
			if (point.isBase()) {
				newestBase.putIfAbsent(period, point);
			}
		}
		List<BranchPoint> chosen = new ArrayList<>();
		newestPoint.forEach((period, point) -> chosen.add(newestBase.getOrDefault(period, point)));
		return chosen;
	}

	/**
	 * Adds every kept delta's base and the steps between them (by step: a step may name an older base, written
	 * before a later step of the chain was compacted into a base).
	 */
	private static void keepChains(List<BranchPoint> points, Set<BranchPoint> kept) {
		List<BranchPoint> deltas = kept.stream().filter((point) -> !point.isBase()).toList();
		for (BranchPoint delta : deltas) {
			for (BranchPoint point : points) {
				boolean between = point.sequence() > delta.baseSequence() && point.sequence() < delta.sequence();
				if (point.generation().equals(delta.base()) || (between && !point.isBase())) {
					kept.add(point);
				}
			}
		}
	}

}
