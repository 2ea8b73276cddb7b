package dev.buckethead.snapshot;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The retention decision as tables. A branch is written oldest first as {@code DDTHH:MM kind} points
 * ({@code B} a base, {@code D} a delta on the base before it) of one month; a cell lists the points kept.
 */
class RetentionPlannerTest {

	private static final String MONTH = "2026-11-";

	@ParameterizedTest(name = "[{index}] {0}")
	@CsvSource(delimiter = '|', textBlock = """
			# every point of the last hour, and the one at or before its start (with its chain)
			last hour      | 10T12:00 | 1h 0h 0d | 1 | 10T10:00 B, 10T10:50 D, 10T11:05 D, 10T11:30 B, 10T11:59 D | 10T10:00 B, 10T10:50 D, 10T11:05 D, 10T11:30 B, 10T11:59 D
			window start   | 10T12:00 | 1h 0h 0d | 1 | 10T09:00 B, 10T09:10 D, 10T10:20 B, 10T10:40 D, 10T11:30 D | 10T10:20 B, 10T10:40 D, 10T11:30 D
			# keepGenerations keeps the newest bases whatever their age; the tip is always kept
			count only     | 10T12:00 | 0h 0h 0d | 2 | 01T00:00 B, 02T00:00 B, 03T00:00 B, 03T01:00 D | 02T00:00 B, 03T00:00 B, 03T01:00 D
			tip only       | 10T12:00 | 0h 0h 0d | 1 | 01T00:00 B, 01T00:10 D, 01T00:20 D | 01T00:00 B, 01T00:10 D, 01T00:20 D
			# hourly: the newest base of each hour, deltas after it go
			hourly bases   | 10T12:00 | 1h 24h 0d | 1 | 10T08:05 B, 10T08:40 B, 10T08:50 D, 10T09:30 B, 10T09:45 D, 10T11:30 B | 10T08:40 B, 10T09:30 B, 10T09:45 D, 10T11:30 B
			# an hour without a base keeps its newest point and that point's chain
			hour no base   | 10T12:00 | 0h 24h 0d | 1 | 10T07:50 B, 10T08:10 D, 10T08:20 D, 10T08:30 D, 10T11:30 B | 10T07:50 B, 10T08:10 D, 10T08:20 D, 10T08:30 D, 10T11:30 B
			# daily beyond the hourly window, nothing beyond the daily one
			daily          | 10T12:00 | 1h 24h 7d | 1 | 01T10:00 B, 04T10:00 B, 04T20:00 B, 05T01:00 B, 09T13:00 B, 10T11:30 B | 04T20:00 B, 05T01:00 B, 09T13:00 B, 10T11:30 B
			""")
	void keepsWhatThePolicySays(String name, String now, String policy, int keepGenerations, String points,
			String expected) {
		List<BranchPoint> branch = branch(points);
		RetentionPlanner.Retention retention = RetentionPlanner.plan(branch, time(now), policy(policy),
				keepGenerations);
		assertThat(retention.kept()).as(name).containsExactlyElementsOf(generations(branch(expected)));
	}

	@Test
	void namesTheDeltasKeptOnlyAsAnHoursPointForCompaction() {
		List<BranchPoint> branch = branch("10T07:50 B, 10T08:10 D, 10T08:30 D, 10T11:30 B");
		RetentionPlanner.Retention retention = RetentionPlanner.plan(branch, time("10T12:00"),
				policy("0h 24h 0d"), 1);
		assertThat(retention.compactions()).extracting(BranchPoint::generation)
			.containsExactly(generation("10T08:30"));
	}

	@ParameterizedTest(name = "[{index}] {0}")
	@CsvSource(delimiter = '|', textBlock = """
			defaults       | 10T12:00 | 10T09:00 B, 10T09:10 D, 10T10:20 B, 10T10:40 D, 10T11:30 D, 10T11:40 B, 10T11:50 D
			hourly         | 10T12:00 | 09T08:05 B, 09T08:40 B, 09T08:50 D, 09T20:30 B, 10T09:45 D, 10T11:30 B, 10T11:50 D
			no bases kept  | 20T12:00 | 09T08:05 B, 09T08:40 D, 09T08:50 D, 09T20:30 B, 10T09:45 D
			old base       | 10T12:00 | 09T10:05 B, 09T12:40 D, 09T13:50 D, 10T11:30 B
			""")
	void keepsTheSameBasesWhetherItSeesTheDeltasOrNot(String name, String now, String points) {
		List<BranchPoint> branch = branch(points);
		List<BranchPoint> bases = branch.stream().filter(BranchPoint::isBase).toList();
		List<String> fromEverything = RetentionPlanner.plan(branch, time(now), RetentionPolicy.DEFAULTS, 1)
			.kept()
			.stream()
			.filter((generation) -> bases.stream().anyMatch((base) -> base.generation().equals(generation)))
			.toList();
		// The flush path sees the bases only; its tip is the newest base.
		List<String> fromBases = RetentionPlanner.plan(bases, time(now), RetentionPolicy.DEFAULTS, 1).kept();
		assertThat(fromBases).as(name).isEqualTo(fromEverything);
	}

	@Test
	void anEmptyBranchKeepsNothing() {
		assertThat(RetentionPlanner.plan(List.of(), time("10T12:00"), RetentionPolicy.DEFAULTS, 10).kept()).isEmpty();
	}

	@Test
	void negativeWindowsAreRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RetentionPolicy(Duration.ofHours(-1), Duration.ZERO, Duration.ZERO))
			.withMessageContaining("everyPointFor");
	}

	private static RetentionPolicy policy(String spec) {
		String[] parts = spec.split(" ");
		return new RetentionPolicy(Duration.parse("PT" + parts[0].toUpperCase()),
				Duration.parse("PT" + parts[1].toUpperCase()), Duration.parse("P" + parts[2].toUpperCase()));
	}

	/** Points oldest first in the spec; returned newest first, as the planner takes them. */
	static List<BranchPoint> branch(String spec) {
		List<BranchPoint> points = new ArrayList<>();
		BranchPoint base = null;
		long sequence = 0;
		for (String entry : spec.split(",")) {
			String[] parts = entry.trim().split(" ");
			String generation = generation(parts[0]);
			if (parts[1].equals("B")) {
				base = BranchPoint.base(sequence, generation);
				points.add(base);
			}
			else {
				points.add(BranchPoint.delta(sequence, generation, GenerationIds.createdAt(generation),
						base.generation(), base.sequence()));
			}
			sequence++;
		}
		List<BranchPoint> newestFirst = new ArrayList<>(points);
		java.util.Collections.reverse(newestFirst);
		return newestFirst;
	}

	private static List<String> generations(List<BranchPoint> points) {
		return points.stream().map(BranchPoint::generation).toList();
	}

	private static String generation(String time) {
		return GenerationIds.next(time(time)).substring(0, 21) + "00000000";
	}

	private static Instant time(String spec) {
		return Instant.parse(MONTH + spec + ":00Z");
	}

}
