package dev.buckethead.engine;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.buckethead.BucketSQLite;
import dev.buckethead.live.LiveStorage;
import dev.buckethead.snapshot.BranchPoint;
import dev.buckethead.snapshot.ChainLimits;
import dev.buckethead.snapshot.FlushOutcome;
import dev.buckethead.snapshot.FlushResult;
import dev.buckethead.snapshot.RestorePoint;
import dev.buckethead.snapshot.RetentionPolicy;
import dev.buckethead.snapshot.SnapshotLayout;
import dev.buckethead.snapshot.SnapshotRepository;
import dev.buckethead.test.MutableClock;
import dev.buckethead.test.RandomWriter;
import dev.buckethead.test.RowDigest;
import org.junit.jupiter.api.Test;

import static dev.buckethead.engine.EngineFixture.execute;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several writers; at random moments a flush (delta or base step, background compactions by a low chain limit),
 * a gc with no grace period, a thinning compaction, a branch switch; time jumps between flushes so the retention
 * policy thins. Writers pause (a read-write lock) while a flush and its copy are taken, so the copy is the flushed
 * state. Then every point the bucket retains restores to exactly its copy, and every flush of the every-point
 * window is among them. Longer with {@code -Psoak} ({@code -Dbuckethead.test.pitr.flushes=}).
 */
class PointInTimeRandomizedTest extends EngineTest {

	private static final int FLUSHES = Integer.getInteger("buckethead.test.pitr.flushes", 12);

	private static final RetentionPolicy POLICY = new RetentionPolicy(Duration.ofMinutes(30), Duration.ofHours(6),
			Duration.ofDays(2));

	private final MutableClock clock = new MutableClock(Instant.now().plus(1, ChronoUnit.DAYS)
		.truncatedTo(ChronoUnit.DAYS));

	/** A flush's point: when it was written and the rows it holds. */
	record Copy(Instant at, String digest) {
	}

	@Test
	void everyRetainedPointRestoresToTheStateItsFlushWrote() throws Exception {
		long seed = Long.getLong("buckethead.test.pitr.seed", System.nanoTime());
		Random random = new Random(seed);
		Map<String, Copy> copies = new HashMap<>();
		SnapshotRepository repository = new SnapshotRepository(fixture.bucket(), SnapshotLayout.DEFAULT_SNAPSHOT_KEY,
				2, POLICY, clock, List.of());
		try (BucketSQLite engine = fixture.start(LiveStorage.FILE, (builder) -> builder.pageDeltas(true)
			.clock(clock)
			.retention(POLICY)
			.keepGenerations(2)
			.chainLimits(new ChainLimits(4, 0.5, 3, Duration.ofHours(1))))) {
			execute(engine.connection(), "CREATE TABLE t (id INTEGER PRIMARY KEY, payload BLOB)");
			execute(engine.connection(), "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200) "
					+ "INSERT INTO t (payload) SELECT randomblob(300) FROM n");
			try (RandomWriter writers = RandomWriter.start(engine.connection(), 3, random)) {
				for (int i = 0; i < FLUSHES; i++) {
					try (RandomWriter.Pause paused = writers.pauseAfter(random, 30)) {
						clock.advance(Duration.ofMinutes(1 + random.nextInt(40)));
						if (i == FLUSHES / 2) {
							// The branch is created at a base of the current state (a flush of main) both share.
							engine.branches().create("side");
							Copy shared = new Copy(clock.instant(), RowDigest.of(engine.connection(), "t"));
							copies.put("main/" + engine.generation().orElseThrow(), shared);
							copies.put("side/" + engine.generation().orElseThrow(), shared);
							engine.branches().switchTo("side");
						}
						record(engine.forceFlush(), engine, copies);
						switch (random.nextInt(6)) {
							// A background compaction may be between its manifest and the step that builds on it:
							// only the grace period protects it (as it does a flush's packs), so gc spares the last
							// seconds' objects.
							case 0 -> repository.gc(graceOfRealSeconds(5), false);
							case 1 -> repository.compact(engine.branches().current());
							default -> {
							}
						}
					}
				}
				writers.stop();
			}
			// The writes after the last flush, so that the final flush at close has nothing unrecorded to write.
			record(engine.forceFlush(), engine, copies);
		}
		repository.gc(Duration.ZERO, false);
		int restored = 0;
		for (String branch : repository.branches()) {
			List<BranchPoint> points = repository.points(branch);
			for (BranchPoint point : points) {
				Copy copy = copies.get(branch + "/" + point.generation());
				assertThat(copy).as("seed %d: point %s of %s is a flush", seed, point, branch).isNotNull();
				Path out = temp.resolve("point-" + restored++ + ".db");
				repository.restoreTo(branch, RestorePoint.generation(point.generation()), out, false);
				assertThat(digest(out)).as("seed %d: %s of %s", seed, point, branch).isEqualTo(copy.digest());
			}
			Instant windowStart = clock.instant().minus(POLICY.everyPointFor());
			List<String> listed = points.stream().map(BranchPoint::generation).toList();
			copies.forEach((key, copy) -> {
				if (key.startsWith(branch + "/") && copy.at().isAfter(windowStart)) {
					assertThat(listed).as("seed %d: every flush of the last %s", seed, POLICY.everyPointFor())
						.contains(key.substring(branch.length() + 1));
				}
			});
		}
		assertThat(restored).as("seed %d", seed).isGreaterThan(2);
	}

	/** A grace period that, on the test's clock, spares objects written in the last {@code seconds} real seconds. */
	private Duration graceOfRealSeconds(int seconds) {
		return Duration.between(Instant.now().minusSeconds(seconds), clock.instant());
	}

	private void record(FlushResult result, BucketSQLite engine, Map<String, Copy> copies) throws SQLException {
		if (result.outcome() == FlushOutcome.SUCCESS) {
			copies.put(result.branch() + "/" + result.generation(),
					new Copy(clock.instant(), RowDigest.of(engine.connection(), "t")));
		}
	}

	private static String digest(Path file) throws SQLException {
		try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
			return RowDigest.of(connection, "t");
		}
	}

}
