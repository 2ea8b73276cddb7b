package dev.buckethead.engine;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import dev.buckethead.BucketSQLite;
import dev.buckethead.engine.Flushes.Flushed;
import dev.buckethead.bucket.TestBuckets;
import dev.buckethead.live.LiveStorage;
import dev.buckethead.snapshot.BranchPoint;
import dev.buckethead.snapshot.ChainLimits;
import dev.buckethead.snapshot.FlushOutcome;
import dev.buckethead.snapshot.FlushResult;
import dev.buckethead.snapshot.NoRestorePointException;
import dev.buckethead.snapshot.RestorePoint;
import dev.buckethead.snapshot.RetentionPlanner;
import dev.buckethead.snapshot.RetentionPolicy;
import dev.buckethead.snapshot.SnapshotGc;
import dev.buckethead.snapshot.SnapshotLayout;
import dev.buckethead.snapshot.SnapshotRepository;
import dev.buckethead.snapshot.SnapshotStore;
import dev.buckethead.test.MutableClock;
import dev.buckethead.test.RowDigest;
import dev.buckethead.test.faults.FaultyBucketClient;
import dev.buckethead.test.faults.FaultyBucketClient.Operation;
import org.junit.jupiter.api.Test;

import static dev.buckethead.engine.EngineFixture.execute;
import static dev.buckethead.engine.Flushes.digest;
import static dev.buckethead.engine.EngineFixture.fill;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Point-in-time restore at flush granularity: every flush (delta or base step) restores "as of" its time, and gc
 * keeps exactly the points the retention policy keeps. Times come from an injected clock set a day ahead of the
 * bucket's, so that gc with no grace period sees every object as old.
 */
class PointInTimeTest extends EngineTest {

	private final MutableClock clock = new MutableClock(Instant.now().plus(1, ChronoUnit.DAYS)
		.truncatedTo(ChronoUnit.HOURS));

	private final Flushes flushes = new Flushes(clock);

	private BucketSQLite start(RetentionPolicy retention, int keepGenerations) {
		return fixture.start(LiveStorage.FILE, (builder) -> builder.pageDeltas(true)
			.clock(clock)
			.retention(retention)
			.keepGenerations(keepGenerations)
			.chainLimits(new ChainLimits(3, 0.25, 2, Duration.ofHours(12))));
	}

	@Test
	void everyFlushRestoresAsOfItsTimeFromTheToolAndAtStart() throws Exception {
		List<Flushed> flushed = new ArrayList<>();
		try (BucketSQLite engine = start(RetentionPolicy.DEFAULTS, 10)) {
			fill(engine.connection(), 100, 300);
			flushed.add(flushes.flush(engine));
			for (int i = 1; i <= 8; i++) {
				flushed.add(flushes.after(Duration.ofMinutes(1), engine, "UPDATE t SET payload = randomblob(40) WHERE id = " + i));
			}
		}
		SnapshotRepository repository = repository(RetentionPolicy.DEFAULTS, 10);
		List<BranchPoint> points = repository.points("main");
		List<String> newestFirst = new ArrayList<>(flushed.stream().map(Flushed::generation).toList());
		java.util.Collections.reverse(newestFirst);
		assertThat(points).extracting(BranchPoint::generation).containsExactlyElementsOf(newestFirst);
		assertThat(points.stream().filter((point) -> !point.isBase())).hasSizeGreaterThan(4);
		for (Flushed point : flushed) {
			Path out = temp.resolve("as-of-" + point.generation() + ".db");
			var restoration = repository.restoreTo("main", RestorePoint.asOf(point.at().plusSeconds(30)), out, false);
			assertThat(restoration.generation()).isEqualTo(point.generation());
			assertThat(digest(out)).as("as of %s", point.at()).isEqualTo(point.digest());
		}
		assertThatThrownBy(() -> repository.restoreTo("main", RestorePoint.asOf(flushed.get(0).at().minusSeconds(1)),
				temp.resolve("none.db"), false))
			.isInstanceOf(NoRestorePointException.class)
			.hasMessageContaining("has no retained generation as of");
		Flushed middle = flushed.stream().filter((point) -> isDelta(points, point)).skip(1).findFirst().orElseThrow();
		try (BucketSQLite engine = fixture.start(LiveStorage.FILE, (builder) -> builder.pageDeltas(true)
			.clock(clock)
			.restorePoint(RestorePoint.asOf(middle.at())))) {
			assertThat(RowDigest.of(engine.connection(), "t")).isEqualTo(middle.digest());
			assertThat(engine.restoreReport().generation()).isEqualTo(middle.generation());
		}
	}

	@Test
	void gcKeepsExactlyThePointsThePolicyKeepsAndEachStillRestores() throws Exception {
		RetentionPolicy policy = new RetentionPolicy(Duration.ofMinutes(30), Duration.ofHours(24), Duration.ZERO);
		List<Flushed> flushed = new ArrayList<>();
		try (BucketSQLite engine = start(policy, 1)) {
			fill(engine.connection(), 100, 300);
			flushed.add(flushes.flush(engine));
			for (int i = 1; i <= 18; i++) {
				flushed.add(flushes.after(Duration.ofMinutes(10), engine, "UPDATE t SET payload = randomblob(40) WHERE id = " + i));
			}
		}
		SnapshotRepository repository = repository(policy, 1);
		List<BranchPoint> before = repository.points("main");
		List<String> expected = RetentionPlanner.plan(before, clock.instant(), policy, 1).kept();
		SnapshotGc.Report report = repository.gc(Duration.ZERO, false);
		List<BranchPoint> after = repository.points("main");
		// Exactly what the policy keeps: the heads written after background compactions retain only the bases
		// the policy keeps (as base steps' heads always did), so gc keeps no older compacted base beside them.
		assertThat(after).extracting(BranchPoint::generation).containsExactlyElementsOf(expected);
		assertThat(after).hasSizeLessThan(flushed.size());
		assertThat(report.successors().unreferenced()).isNotEmpty();
		// Older than the window: one base an hour, and only the deltas a kept point's chain needs.
		Instant windowStart = clock.instant().minus(policy.everyPointFor());
		assertThat(after.stream().filter((point) -> point.createdAt().isBefore(windowStart.minus(Duration.ofMinutes(40)))))
			.allMatch(BranchPoint::isBase);
		for (BranchPoint point : after) {
			Flushed expectedState = Flushes.find(flushed, point.generation());
			Path out = temp.resolve("kept-" + point.generation() + ".db");
			repository.restoreTo("main", RestorePoint.generation(point.generation()), out, false);
			assertThat(digest(out)).isEqualTo(expectedState.digest());
		}
	}

	@Test
	void gcSweepsDeltaPartsNoKeptStepListsAndKeepsTheListedOnes() throws Exception {
		String expected;
		try (BucketSQLite engine = start(RetentionPolicy.DEFAULTS, 10)) {
			// About 40 MiB of pages (a part holds 32 MiB of pages, however well they compress): changing every row
			// makes a delta of more than one part.
			execute(engine.connection(), "CREATE TABLE t (id INTEGER PRIMARY KEY, payload BLOB)");
			execute(engine.connection(), "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000) "
					+ "INSERT INTO t (payload) SELECT zeroblob(4000) FROM n");
			engine.forceFlush();
			clock.advance(Duration.ofMinutes(1));
			execute(engine.connection(), "UPDATE t SET payload = zeroblob(3999)");
			engine.forceFlush();
			expected = RowDigest.of(engine.connection(), "t");
		}
		SnapshotLayout layout = new SnapshotLayout(SnapshotLayout.DEFAULT_SNAPSHOT_KEY);
		String orphan = layout.deltaPartKey("00".repeat(32));
		fixture.bucket().put(orphan, new byte[] { 1, 2, 3 });
		List<String> partsBefore = deltaParts(layout);
		assertThat(partsBefore).hasSizeGreaterThan(1);
		SnapshotRepository repository = repository(RetentionPolicy.DEFAULTS, 10);
		SnapshotGc.Report report = repository.gc(Duration.ZERO, false);
		assertThat(report.deltaParts().unreferenced()).extracting((object) -> object.key()).containsExactly(orphan);
		assertThat(deltaParts(layout)).containsExactlyInAnyOrderElementsOf(
				partsBefore.stream().filter((key) -> !key.equals(orphan)).toList());
		Path out = temp.resolve("large.db");
		repository.restoreTo("main", RestorePoint.latest(), out, false);
		assertThat(digest(out)).isEqualTo(expected);
	}

	@Test
	void aDeltaUploadedWhoseHeadWriteFailedLeavesThePreviousPointAndTheLiveDataRestorable() throws Exception {
		FaultyBucketClient faulty = new FaultyBucketClient(TestBuckets.newS3Bucket("engine"));
		EngineFixture engines = new EngineFixture(faulty, temp.resolve("faulty"));
		try (BucketSQLite engine = engines.start(LiveStorage.FILE, (builder) -> builder.pageDeltas(true)
			.clock(clock)
			.chainLimits(new ChainLimits(100, 0.9, 1, Duration.ofHours(1))))) {
			fill(engine.connection(), 100, 300);
			flushes.flush(engine);
			Flushed previous = flushes.after(Duration.ofMinutes(1), engine, "UPDATE t SET payload = x'aa' WHERE id = 1");
			clock.advance(Duration.ofMinutes(1));
			execute(engine.connection(), "UPDATE t SET payload = x'bb' WHERE id = 2");
			// The step's object lands; the head write after it (due at every step here) does not.
			faulty.on(Operation.PUT).where((key) -> key.contains("/heads/")).times(1).fail();
			Flushed live = flushes.flush(engine);
			SnapshotRepository repository = new SnapshotRepository(engines.bucket(),
					SnapshotLayout.DEFAULT_SNAPSHOT_KEY, 10, RetentionPolicy.DEFAULTS, clock, List.of());
			assertThat(new SnapshotStore(engines.bucket(), new SnapshotLayout(SnapshotLayout.DEFAULT_SNAPSHOT_KEY))
				.readHead("main").orElseThrow().pointer().generation()).isEqualTo(previous.generation());
			Path latest = temp.resolve("latest.db");
			repository.restoreTo("main", RestorePoint.latest(), latest, false);
			assertThat(digest(latest)).isEqualTo(live.digest());
			Path before = temp.resolve("previous.db");
			repository.restoreTo("main", RestorePoint.asOf(previous.at()), before, false);
			assertThat(digest(before)).isEqualTo(previous.digest());
			assertThat(repository.points("main")).extracting(BranchPoint::generation)
				.startsWith(live.generation(), previous.generation());
		}
	}

	private List<String> deltaParts(SnapshotLayout layout) {
		return fixture.bucket().list(layout.deltaPartPrefix()).stream().map((info) -> info.key()).toList();
	}

	private static boolean isDelta(List<BranchPoint> points, Flushed flushed) {
		return points.stream().anyMatch((point) -> point.generation().equals(flushed.generation()) && !point.isBase());
	}

	private SnapshotRepository repository(RetentionPolicy policy, int keepGenerations) {
		return new SnapshotRepository(fixture.bucket(), SnapshotLayout.DEFAULT_SNAPSHOT_KEY, keepGenerations, policy,
				clock, List.of());
	}


}
