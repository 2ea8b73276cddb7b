package dev.buckethead.engine;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;

import dev.buckethead.BucketSQLite;
import dev.buckethead.bucket.IoCounters;
import dev.buckethead.bucket.TestBuckets;
import dev.buckethead.live.LiveStorage;
import dev.buckethead.snapshot.FlushOutcome;
import dev.buckethead.snapshot.FlushResult;
import dev.buckethead.snapshot.RestorePoint;
import dev.buckethead.snapshot.SnapshotConflictException;
import dev.buckethead.snapshot.SnapshotLayout;
import dev.buckethead.snapshot.SnapshotRepository;
import dev.buckethead.test.RowDigest;
import dev.buckethead.test.faults.FaultyBucketClient;
import dev.buckethead.test.faults.FaultyBucketClient.Operation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static dev.buckethead.engine.EngineFixture.execute;
import static dev.buckethead.engine.EngineFixture.fill;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Page-delta flushes on the real S3 test server: their cost, and that every state they leave restores. */
class DeltaFlushTest extends EngineTest {

	private static final SnapshotLayout LAYOUT = new SnapshotLayout(SnapshotLayout.DEFAULT_SNAPSHOT_KEY);

	@Test
	void aWriterThatTakesOverALaggingHeadWritesItWithinTheLagAndNotAnotherLagLater() throws Exception {
		java.util.function.Consumer<BucketSQLite.Builder> lagFive = (builder) -> builder.pageDeltas(true)
			.chainLimits(new dev.buckethead.snapshot.ChainLimits(1000, 0.9, 5, java.time.Duration.ofHours(12)));
		EngineFixture second = new EngineFixture(fixture.bucket(), temp.resolve("second"));
		BucketSQLite died = fixture.start(LiveStorage.FILE, lagFive);
		try (SnapshotRepository repository = new SnapshotRepository(fixture.bucket(),
				SnapshotLayout.DEFAULT_SNAPSHOT_KEY, 1, List.of())) {
			fill(died.connection(), 10, 100);
			died.forceFlush();
			for (int i = 1; i <= 4; i++) {
				execute(died.connection(), "UPDATE t SET payload = x'0" + i + "' WHERE id = 1");
				died.forceFlush();
			}
			// The first writer stops writing (as if it died) with its head 4 steps behind; the next one
			// starts from the tip and writes 4 steps more.
			try (BucketSQLite next = second.start(LiveStorage.FILE, lagFive)) {
				for (int i = 5; i <= 8; i++) {
					execute(next.connection(), "UPDATE t SET payload = x'0" + i + "' WHERE id = 1");
					next.forceFlush();
				}
				long stored = repository.store().readHead("main").orElseThrow().pointer().effectiveSequence();
				assertThat(repository.head("main").orElseThrow().effectiveSequence()).isEqualTo(8);
				assertThat(8 - stored).as("the stored head's lag behind the tip").isLessThanOrEqualTo(5);
			}
		}
		// Not dead after all: its close finds the other writer's head.
		assertThatThrownBy(died::close).isInstanceOf(SnapshotConflictException.class);
	}

	private BucketSQLite startWithDeltas(EngineFixture engines) {
		return engines.start(LiveStorage.FILE, (builder) -> builder.pageDeltas(true));
	}

	@Test
	void aOneRowChangeIsOnePutAndTheBranchRestoresToIt() throws Exception {
		String tip;
		try (BucketSQLite engine = startWithDeltas(fixture)) {
			fill(engine.connection(), 300, 1000);
			FlushResult base = engine.forceFlush();
			assertThat(base.outcome()).isEqualTo(FlushOutcome.SUCCESS);
			execute(engine.connection(), "UPDATE t SET payload = randomblob(1000) WHERE id = 7");
			IoCounters before = fixture.bucket().counters();
			FlushResult delta = engine.forceFlush();
			IoCounters cost = fixture.bucket().counters().minus(before);
			assertThat(delta.outcome()).isEqualTo(FlushOutcome.SUCCESS);
			assertThat(cost.puts()).isEqualTo(1);
			assertThat(cost.totalRequests()).isEqualTo(1);
			String live = digest(engine.connection());
			// The head still names the base: the reader walks the delta claim past it.
			assertThat(restoredDigest()).isEqualTo(live);
			assertThat(delta.generation()).isEqualTo(repository().head("main").orElseThrow().generation());
			assertThat(storedHeadGeneration()).isEqualTo(base.generation());
			tip = delta.generation();
		}
		// The final flush catches the head up with the tip.
		assertThat(storedHeadGeneration()).isEqualTo(tip);
		try (BucketSQLite restarted = startWithDeltas(fixture)) {
			assertThat(restarted.generation()).isPresent();
			execute(restarted.connection(), "UPDATE t SET payload = randomblob(10) WHERE id = 8");
			restarted.forceFlush();
			execute(restarted.connection(), "DELETE FROM t WHERE id > 150");
			execute(restarted.connection(), "VACUUM");
			restarted.forceFlush();
			assertThat(restoredDigest()).isEqualTo(digest(restarted.connection()));
		}
	}

	@Test
	void theFirstFlushAfterARestartIsADeltaOnTheRestoredTipNotANewBase() throws Exception {
		try (BucketSQLite engine = startWithDeltas(fixture)) {
			fill(engine.connection(), 300, 1000);
			engine.forceFlush();
			// Small beside the base, so that the chain limits do not ask for a base either.
			execute(engine.connection(), "UPDATE t SET payload = randomblob(1000) WHERE id < 5");
			engine.forceFlush();
		}
		String tip = repository().head("main").orElseThrow().generation();
		try (BucketSQLite restarted = startWithDeltas(fixture)) {
			execute(restarted.connection(), "UPDATE t SET payload = randomblob(1000) WHERE id = 200");
			IoCounters before = fixture.bucket().counters();
			FlushResult first = restarted.forceFlush();
			IoCounters cost = fixture.bucket().counters().minus(before);
			assertThat(cost.puts()).as("one delta step, not a base's packs, manifest and claim").isEqualTo(1);
			assertThat(cost.bytesOut()).isLessThan(16 * 1024);
			assertThat(first.generation()).isNotEqualTo(tip);
			assertThat(restoredDigest()).isEqualTo(digest(restarted.connection()));
		}
	}

	@Test
	void aStartAsOfAnOlderPointFlushesABaseNotADeltaOnTheWrongState() throws Exception {
		String older;
		try (BucketSQLite engine = startWithDeltas(fixture)) {
			fill(engine.connection(), 300, 1000);
			older = engine.forceFlush().generation();
			execute(engine.connection(), "DELETE FROM t WHERE id <= 100");
			engine.forceFlush();
		}
		try (BucketSQLite back = fixture.start(LiveStorage.FILE,
				(builder) -> builder.pageDeltas(true).restorePoint(RestorePoint.generation(older)))) {
			execute(back.connection(), "UPDATE t SET payload = randomblob(10) WHERE id = 1");
			back.forceFlush();
			assertThat(restoredDigest()).isEqualTo(digest(back.connection()));
		}
	}

	@Test
	void gcWithNoGraceKeepsTheChainTheHeadsStateIsBuiltFrom() throws Exception {
		String expected;
		try (BucketSQLite engine = startWithDeltas(fixture)) {
			fill(engine.connection(), 100, 500);
			engine.forceFlush();
			execute(engine.connection(), "UPDATE t SET payload = x'01' WHERE id = 1");
			engine.forceFlush();
			execute(engine.connection(), "UPDATE t SET payload = x'02' WHERE id = 2");
			engine.forceFlush();
			expected = digest(engine.connection());
		}
		// The final flush wrote the head at the tip: the delta claims are now at or below the head's step, and
		// still needed, since the head's state is its base plus them.
		var report = repository().gc(java.time.Duration.ZERO, false);
		assertThat(report.successors().unreferenced()).isEmpty();
		assertThat(restoredDigest()).isEqualTo(expected);
	}

	@Test
	void aBucketWrittenBeforeDeltasRestoresUnchangedAndTakesDeltasAfterIt() throws Exception {
		String before;
		try (BucketSQLite old = fixture.start(LiveStorage.FILE, EngineFixture.WHOLE_BASES)) {
			fill(old.connection(), 100, 500);
			old.forceFlush();
			execute(old.connection(), "UPDATE t SET payload = x'00' WHERE id = 3");
			old.forceFlush();
			before = digest(old.connection());
		}
		// A head as written before successor claims: no lineage, sequence or base.
		String headKey = LAYOUT.headKey("main");
		ObjectNode head = (ObjectNode) JsonMapper.builder().build()
			.readTree(fixture.bucket().get(headKey).orElseThrow().data());
		head.remove(List.of("lineage", "sequence", "base", "baseSequence"));
		fixture.bucket().put(headKey, head.toString().getBytes(StandardCharsets.UTF_8));
		try (BucketSQLite engine = startWithDeltas(fixture)) {
			assertThat(digest(engine.connection())).isEqualTo(before);
			execute(engine.connection(), "UPDATE t SET payload = x'01' WHERE id = 4");
			engine.forceFlush();
			execute(engine.connection(), "UPDATE t SET payload = x'02' WHERE id = 5");
			engine.forceFlush();
			assertThat(restoredDigest()).isEqualTo(digest(engine.connection()));
		}
	}

	/** A delta step (FILE with page deltas) and base steps (FILE without, MEMORY always). */
	@ParameterizedTest(name = "{0}, page deltas {1}")
	@CsvSource({ "FILE, true", "FILE, false", "MEMORY, true" })
	void aStepThatLandedWhileItsRequestFailedIsTheTipTheNextFlushFollows(LiveStorage storage, boolean pageDeltas)
			throws Exception {
		java.util.concurrent.atomic.AtomicBoolean loseTheAnswer = new java.util.concurrent.atomic.AtomicBoolean();
		EngineFixture engines = new EngineFixture(losingClaimAnswers(loseTheAnswer), temp.resolve("lossy"));
		try (BucketSQLite engine = engines.start(storage, (builder) -> builder.pageDeltas(pageDeltas))) {
			fill(engine.connection(), 200, 800);
			engine.forceFlush();
			execute(engine.connection(), "UPDATE t SET payload = x'aa' WHERE id = 1");
			loseTheAnswer.set(true);
			// The step is in the bucket, but the flush saw no answer (and wrote no head).
			assertThatThrownBy(engine::forceFlush).isInstanceOf(dev.buckethead.bucket.BucketException.class);
			execute(engine.connection(), "UPDATE t SET payload = x'bb' WHERE id = 2");
			// Not a conflict with its own landed step: the flush follows it.
			assertThat(engine.forceFlush().outcome()).isEqualTo(FlushOutcome.SUCCESS);
			assertThat(restoredDigest(engines)).isEqualTo(digest(engine.connection()));
		}
	}

	@Test
	void aDeltaWhoseClaimFailedLeavesThePreviousPointAndTheLiveDataRestorable() throws Exception {
		FaultyBucketClient faulty = new FaultyBucketClient(TestBuckets.newS3Bucket("engine"));
		EngineFixture engines = new EngineFixture(faulty, temp.resolve("faulty"));
		try (BucketSQLite engine = startWithDeltas(engines)) {
			fill(engine.connection(), 200, 800);
			engine.forceFlush();
			execute(engine.connection(), "UPDATE t SET payload = x'aa' WHERE id = 1");
			engine.forceFlush();
			String previous = digest(engine.connection());
			execute(engine.connection(), "UPDATE t SET payload = x'bb' WHERE id = 2");
			faulty.on(Operation.PUT).where((key) -> key.contains("/successors/")).times(1).fail();
			assertThatThrownBy(engine::forceFlush).isInstanceOf(RuntimeException.class);
			assertThat(restoredDigest(engines)).isEqualTo(previous);
			// The failed capture was not acknowledged: its pages go out with the next flush.
			execute(engine.connection(), "UPDATE t SET payload = x'cc' WHERE id = 3");
			assertThat(engine.forceFlush().outcome()).isEqualTo(FlushOutcome.SUCCESS);
			assertThat(restoredDigest(engines)).isEqualTo(digest(engine.connection()));
		}
	}

	@Test
	void aBaseWriterAndADeltaWriterRacingFromTheSameStepNeverBothWin() throws Exception {
		try (BucketSQLite first = startWithDeltas(fixture)) {
			fill(first.connection(), 50, 200);
			first.forceFlush();
			execute(first.connection(), "UPDATE t SET payload = x'01' WHERE id = 1");
			first.forceFlush();
			for (int round = 0; round < 5; round++) {
				BucketSQLite second = startWithDeltas(fixture);
				execute(first.connection(), "UPDATE t SET payload = randomblob(8) WHERE id = 2");
				execute(second.connection(), "UPDATE t SET payload = randomblob(8) WHERE id = 3");
				// The delta writer goes first and wins; the base writer saw the same step and must lose, also in
				// its final flush, and writes nothing.
				assertThat(first.forceFlush().outcome()).isEqualTo(FlushOutcome.SUCCESS);
				assertThatThrownBy(second::forceFlush).isInstanceOf(SnapshotConflictException.class);
				assertThatThrownBy(second::close).isInstanceOf(SnapshotConflictException.class);
				assertThat(restoredDigest()).isEqualTo(digest(first.connection()));
			}
		}
	}

	/** The generation the head object itself names, without following claims. */
	private String storedHeadGeneration() {
		return JsonMapper.builder().build()
			.readTree(fixture.bucket().get(LAYOUT.headKey("main")).orElseThrow().data())
			.get("generation")
			.asString();
	}

	private SnapshotRepository repository() {
		return repository(fixture);
	}

	private static SnapshotRepository repository(EngineFixture engines) {
		return new SnapshotRepository(engines.bucket(), SnapshotLayout.DEFAULT_SNAPSHOT_KEY, 10, List.of());
	}

	private String restoredDigest() throws Exception {
		return restoredDigest(fixture);
	}

	/**
	 * An S3 bucket whose next claim PUT after {@code loseTheAnswer} is set reaches the bucket, but its answer is lost:
	 * as when a deadline fires while the server works.
	 */
	private static dev.buckethead.bucket.BucketClient losingClaimAnswers(
			java.util.concurrent.atomic.AtomicBoolean loseTheAnswer) {
		return new dev.buckethead.bucket.ForwardingBucketClient(TestBuckets.newS3Bucket("engine")) {

			@Override
			public String put(String key, byte[] data, int length, dev.buckethead.bucket.WriteCondition condition) {
				String etag = super.put(key, data, length, condition);
				if (key.contains("/successors/") && loseTheAnswer.compareAndSet(true, false)) {
					throw new dev.buckethead.bucket.BucketException("PUT " + key + ": no answer before the deadline");
				}
				return etag;
			}

		};
	}

	private String restoredDigest(EngineFixture engines) throws Exception {
		Path out = temp.resolve("restored-" + System.nanoTime() + ".db");
		repository(engines).restoreTo("main", RestorePoint.latest(), out, true);
		try (Connection restored = DriverManager.getConnection("jdbc:sqlite:" + out)) {
			return digest(restored);
		}
	}

	private static String digest(Connection connection) throws SQLException {
		return RowDigest.of(connection, "t");
	}

}
