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
import dev.buckethead.bucket.IoCounters;
import dev.buckethead.bucket.TestBuckets;
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
import dev.buckethead.test.RowDigest;
import dev.buckethead.test.faults.FaultyBucketClient;
import dev.buckethead.test.faults.FaultyBucketClient.Operation;
import org.junit.jupiter.api.Test;

import static dev.buckethead.engine.EngineFixture.execute;
import static dev.buckethead.engine.Flushes.digest;
import static dev.buckethead.engine.EngineFixture.fill;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Compaction from bucket objects (a delta step made a base from its base's chunks and the deltas, never from the
 * live file): for the hourly thinning, for a branch created at a delta point, and when it is interrupted.
 */
class CompactionTest extends EngineTest {

	private static final SnapshotLayout LAYOUT = new SnapshotLayout(SnapshotLayout.DEFAULT_SNAPSHOT_KEY);

	private final MutableClock clock = new MutableClock(Instant.now().plus(1, ChronoUnit.DAYS)
		.truncatedTo(ChronoUnit.DAYS)
		.plus(10, ChronoUnit.HOURS));

	private final Flushes flushes = new Flushes(clock);

	@Test
	void aBranchCreatedAtADeltaPointUploadsOnlyTheChangedChunksAndAtABaseOnlyAHead() throws Exception {
		List<Flushed> flushed = new ArrayList<>();
		try (BucketSQLite engine = start(fixture, RetentionPolicy.DEFAULTS, 12)) {
			fill(engine.connection(), 300, 1000);
			flushed.add(flushes.flush(engine));
			for (int i = 1; i <= 2; i++) {
				flushed.add(flushes.after(Duration.ofMinutes(1), engine,
						"UPDATE t SET payload = randomblob(1000) WHERE id = " + i * 100));
			}
		}
		SnapshotRepository repository = repository(fixture, RetentionPolicy.DEFAULTS);
		String sourceHead = fixture.bucket().get(LAYOUT.headKey("main")).orElseThrow().etag();
		long databaseBytes = java.nio.file.Files.size(restore(repository, "main", RestorePoint.latest()));
		Flushed delta = flushed.get(1);

		IoCounters before = fixture.bucket().counters();
		repository.createBranch("at-delta", "main", RestorePoint.asOf(delta.at()));
		IoCounters cost = fixture.bucket().counters().minus(before);

		// One pack of the changed chunk, the manifest, the new head.
		assertThat(cost.puts()).isEqualTo(3);
		assertThat(cost.bytesOut()).isLessThan(databaseBytes / 4);
		assertThat(digest(restore(repository, "at-delta", RestorePoint.latest()))).isEqualTo(delta.digest());
		assertThat(fixture.bucket().get(LAYOUT.headKey("main")).orElseThrow().etag()).isEqualTo(sourceHead);
		assertThat(repository.head("at-delta").orElseThrow().generation()).isEqualTo(delta.generation());
		// A second branch at the same point reuses the step's base: a head, nothing else.
		before = fixture.bucket().counters();
		repository.createBranch("at-delta-too", "main", RestorePoint.asOf(delta.at()));
		assertThat(fixture.bucket().counters().minus(before).puts()).isEqualTo(1);
		assertThat(digest(restore(repository, "at-delta-too", RestorePoint.latest()))).isEqualTo(delta.digest());

		before = fixture.bucket().counters();
		repository.createBranch("at-base", "main", RestorePoint.generation(flushed.get(0).generation()));
		assertThat(fixture.bucket().counters().minus(before).puts()).isEqualTo(1);
		assertThat(digest(restore(repository, "at-base", RestorePoint.latest()))).isEqualTo(flushed.get(0).digest());
	}

	@Test
	void theLibraryCreatesABranchAtAPointWhileTheCurrentBranchGoesOn() throws Exception {
		try (BucketSQLite engine = start(fixture, RetentionPolicy.DEFAULTS, 12)) {
			fill(engine.connection(), 300, 1000);
			flushes.flush(engine);
			Flushed delta = flushes.after(Duration.ofMinutes(1), engine, "UPDATE t SET payload = x'aa' WHERE id = 1");
			Flushed latest = flushes.after(Duration.ofMinutes(1), engine, "UPDATE t SET payload = x'bb' WHERE id = 2");

			engine.branches().create("before-bb", RestorePoint.asOf(delta.at()));

			assertThat(engine.branches().current()).isEqualTo("main");
			assertThat(RowDigest.of(engine.connection(), "t")).isEqualTo(latest.digest());
			engine.branches().switchTo("before-bb");
			assertThat(RowDigest.of(engine.connection(), "t")).isEqualTo(delta.digest());
			assertThatThrownBy(() -> engine.branches().create("before-bb", RestorePoint.asOf(delta.at())))
				.hasMessageContaining("already exists");
		}
	}

	@Test
	void compactionMakesAnHoursDeltaPointABaseAndGcThenLetsItsChainGo() throws Exception {
		RetentionPolicy hourly = new RetentionPolicy(Duration.ZERO, Duration.ofHours(24), Duration.ZERO);
		List<Flushed> flushed = new ArrayList<>();
		try (BucketSQLite engine = start(fixture, hourly, 12)) {
			fill(engine.connection(), 300, 1000);
			flushed.add(flushes.flush(engine));
			// 10:10 .. 12:00 deltas on the 10:00 base; at 12:10 the chain is at its limit: the flush is a delta and
			// the 12:00 step is compacted into a base in the background, which the 12:20 delta builds on.
			for (int i = 1; i <= 14; i++) {
				flushed.add(flushes.after(Duration.ofMinutes(10), engine,
						"UPDATE t SET payload = randomblob(1000) WHERE id = " + i * 20));
				if (i == 13) {
					String compacted = LAYOUT.manifestKey(flushed.get(12).generation());
					await().atMost(Duration.ofSeconds(60)).until(() -> fixture.bucket().head(compacted).isPresent());
				}
			}
		}
		assertThat(repository(fixture, hourly).head("main").orElseThrow().effectiveBase())
			.isEqualTo(flushed.get(12).generation());
		SnapshotRepository repository = repository(fixture, hourly);
		Flushed elevenFifty = flushed.get(11);
		assertThat(point(repository, elevenFifty).isBase()).isFalse();

		assertThat(repository.compact("main")).containsExactly(elevenFifty.generation());

		assertThat(point(repository, elevenFifty).isBase()).isTrue();
		repository.gc(Duration.ZERO, false);
		List<BranchPoint> after = repository.points("main");
		assertThat(after).extracting(BranchPoint::generation)
			.containsExactly(flushed.get(14).generation(), flushed.get(13).generation(), flushed.get(12).generation(),
					elevenFifty.generation(), flushed.get(0).generation());
		assertThat(after.get(1).base()).as("the 12:10 delta restores from the compacted 12:00 base")
			.isEqualTo(flushed.get(12).generation());
		for (BranchPoint point : after) {
			Flushed state = Flushes.find(flushed, point.generation());
			assertThat(digest(restore(repository, "main", RestorePoint.generation(point.generation()))))
				.isEqualTo(state.digest());
		}
	}

	@Test
	void aBackgroundCompactionReadsTheStepsThisWriterClaimedFromItsLocalCopiesNotTheBucket() throws Exception {
		FaultyBucketClient faulty = new FaultyBucketClient(TestBuckets.newS3Bucket("engine"));
		EngineFixture engines = new EngineFixture(faulty, temp.resolve("spooled"));
		List<Flushed> flushed = new ArrayList<>();
		try (BucketSQLite engine = start(engines, RetentionPolicy.DEFAULTS, 12)) {
			fill(engine.connection(), 300, 1000);
			flushed.add(flushes.flush(engine));
			faulty.clearCalls();
			// 12 steps reach the limit; the 13th flush starts compacting step 12 and stays a delta.
			for (int i = 1; i <= 13; i++) {
				flushed.add(flushes.after(Duration.ofSeconds(1), engine,
						"UPDATE t SET payload = randomblob(1000) WHERE id = " + i * 20));
			}
			String compacted = LAYOUT.manifestKey(flushed.get(12).generation());
			await().atMost(Duration.ofSeconds(60)).until(() -> faulty.delegate().head(compacted).isPresent());
			assertThat(faulty.calls(Operation.GET)).filteredOn((call) -> call.key().contains(".bh/successors/"))
				.as("steps read back from the bucket")
				.isEmpty();
			flushed.add(flushes.after(Duration.ofSeconds(1), engine, "UPDATE t SET payload = x'01' WHERE id = 1"));
		}
		SnapshotRepository repository = repository(engines, RetentionPolicy.DEFAULTS);
		assertThat(repository.head("main").orElseThrow().effectiveBase()).isEqualTo(flushed.get(12).generation());
		assertThat(digest(restore(repository, "main", RestorePoint.latest())))
			.isEqualTo(flushed.get(flushed.size() - 1).digest());
		assertThat(digest(restore(repository, "main", RestorePoint.generation(flushed.get(12).generation()))))
			.isEqualTo(flushed.get(12).digest());
	}

	@Test
	void anInterruptedCompactionLeavesThePreviousPointAndTheLiveDataRestorable() throws Exception {
		FaultyBucketClient faulty = new FaultyBucketClient(TestBuckets.newS3Bucket("engine"));
		EngineFixture engines = new EngineFixture(faulty, temp.resolve("faulty"));
		try (BucketSQLite engine = start(engines, RetentionPolicy.DEFAULTS, 12)) {
			fill(engine.connection(), 300, 1000);
			Flushed base = flushes.flush(engine);
			Flushed delta = flushes.after(Duration.ofMinutes(1), engine, "UPDATE t SET payload = x'aa' WHERE id = 1");
			SnapshotRepository repository = repository(engines, RetentionPolicy.DEFAULTS);
			// The compaction's packs land, its manifest does not.
			faulty.on(Operation.PUT).where((key) -> key.contains("/manifests/")).times(1).fail();
			assertThatThrownBy(() -> repository.createBranch("copy", "main", RestorePoint.asOf(delta.at())))
				.isInstanceOf(RuntimeException.class);
			assertThat(repository.head("copy")).isEmpty();
			assertThat(digest(restore(repository, "main", RestorePoint.asOf(delta.at())))).isEqualTo(delta.digest());
			assertThat(digest(restore(repository, "main", RestorePoint.asOf(base.at())))).isEqualTo(base.digest());
			// The writer goes on as if nothing happened.
			Flushed live = flushes.after(Duration.ofMinutes(1), engine, "UPDATE t SET payload = x'bb' WHERE id = 2");
			assertThat(digest(restore(repository, "main", RestorePoint.latest()))).isEqualTo(live.digest());
			// Tried again, it completes.
			repository.createBranch("copy", "main", RestorePoint.asOf(delta.at()));
			assertThat(digest(restore(repository, "copy", RestorePoint.latest()))).isEqualTo(delta.digest());
		}
	}

	private BranchPoint point(SnapshotRepository repository, Flushed flushed) {
		return repository.points("main").stream()
			.filter((point) -> point.generation().equals(flushed.generation()))
			.findFirst()
			.orElseThrow();
	}

	private BucketSQLite start(EngineFixture engines, RetentionPolicy retention, int maxSteps) {
		return engines.start(LiveStorage.FILE, (builder) -> builder.pageDeltas(true)
			.clock(clock)
			.retention(retention)
			.keepGenerations(1)
			.chainLimits(new ChainLimits(maxSteps, 0.9, 1000, Duration.ofHours(12))));
	}

	private SnapshotRepository repository(EngineFixture engines, RetentionPolicy policy) {
		return new SnapshotRepository(engines.bucket(), SnapshotLayout.DEFAULT_SNAPSHOT_KEY, 1, policy, clock,
				List.of());
	}

	private Path restore(SnapshotRepository repository, String branch, RestorePoint point) {
		Path out = temp.resolve("restored-" + System.nanoTime() + ".db");
		repository.restoreTo(branch, point, out, false);
		return out;
	}


}
