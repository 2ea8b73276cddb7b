package dev.buckethead.engine;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.buckethead.BucketSQLite;
import dev.buckethead.bucket.BucketException;
import dev.buckethead.bucket.TestBuckets;
import dev.buckethead.live.LiveStorage;
import dev.buckethead.snapshot.BrokenChainException;
import dev.buckethead.snapshot.ChainLimits;
import dev.buckethead.snapshot.HeadPointer;
import dev.buckethead.snapshot.RestorePoint;
import dev.buckethead.snapshot.RetentionPolicy;
import dev.buckethead.snapshot.SnapshotLayout;
import dev.buckethead.snapshot.SnapshotRepository;
import dev.buckethead.test.RowDigest;
import dev.buckethead.test.faults.FaultyBucketClient;
import dev.buckethead.test.faults.FaultyBucketClient.Call;
import dev.buckethead.test.faults.FaultyBucketClient.Operation;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.buckethead.engine.EngineFixture.execute;
import static dev.buckethead.engine.EngineFixture.fill;
import static dev.buckethead.engine.Flushes.digest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A long chain of one-row delta steps (a trickle's) on the real S3 test server: its steps are read in parallel
 * windows, each once, and a step that fails to read or is missing is handled as the walk's rules say.
 */
class LongChainTest extends EngineTest {

	private static final SnapshotLayout LAYOUT = new SnapshotLayout(SnapshotLayout.DEFAULT_SNAPSHOT_KEY);

	private static final int STEPS = 70;

	/** No base and no head write while the chain grows: the head stays at the base until the engine closes. */
	private static final ChainLimits LONG = new ChainLimits(1000, 10, 1000, Duration.ofHours(12));

	private FaultyBucketClient faulty;

	private EngineFixture engines;

	/** The live state after each flush: the base's, then each step's. */
	private final List<String> states = new ArrayList<>();

	@BeforeEach
	void faultyBucket() {
		faulty = new FaultyBucketClient(TestBuckets.newS3Bucket("engine"));
		engines = new EngineFixture(faulty, temp.resolve("faulty"));
	}

	@Test
	void aLongChainRestoresWithItsStepsReadInParallelEachOnce() throws Exception {
		try (BucketSQLite engine = start()) {
			chain(engine);
		}
		faulty.clearCalls();
		assertThat(digest(restore())).isEqualTo(states.get(STEPS));
		List<Call> stepReads = stepReads();
		// The steps up to the head, each once (their parts are kept from the walk for the apply), and one 404 past
		// the head.
		assertThat(stepReads).hasSize(STEPS + 1);
		assertThat(stepReads.stream().map(Call::key).distinct()).hasSize(STEPS + 1);
		assertThat(stepReads.stream().map(Call::thread).distinct().count()).as("threads reading steps")
			.isGreaterThan(1);
	}

	@Test
	void theStepsPastALaggingHeadAreFollowedInWindowsThatReadAtMostAWindowTooFar() throws Exception {
		try (BucketSQLite engine = start(); SnapshotRepository repository = repository()) {
			chain(engine);
			String tip = engine.generation().orElseThrow();
			faulty.clearCalls();
			HeadPointer head = repository.head("main").orElseThrow();
			assertThat(head.generation()).isEqualTo(tip);
			assertThat(head.effectiveSequence()).isEqualTo(STEPS);
			List<Call> stepReads = stepReads();
			assertThat(stepReads.size()).isBetween(STEPS + 1, STEPS + 32);
			assertThat(stepReads.stream().map(Call::thread).distinct().count()).isGreaterThan(1);
		}
	}

	@Test
	void aStepReadFailingMidWindowFailsTheRestoreAndTheNextRestoreSucceeds() throws Exception {
		try (BucketSQLite engine = start()) {
			chain(engine);
		}
		String failing = stepKey(STEPS / 2);
		faulty.on(Operation.GET).where(failing::equals).times(1).fail();
		assertThatThrownBy(this::restore).isInstanceOf(BucketException.class).hasMessageContaining(failing);
		assertThat(digest(restore())).isEqualTo(states.get(STEPS));
	}

	@Test
	void aMissingStepBelowTheHeadIsABrokenChainThatNamesIt() throws Exception {
		try (BucketSQLite engine = start()) {
			chain(engine);
		}
		String missing = stepKey(STEPS / 2);
		faulty.delegate().delete(missing);
		assertThatThrownBy(this::restore).isInstanceOf(BrokenChainException.class).hasMessageContaining(missing);
	}

	@Test
	void aGapPastTheHeadEndsTheChainAtTheStepBeforeIt() throws Exception {
		try (BucketSQLite engine = start(); SnapshotRepository repository = repository()) {
			chain(engine);
			faulty.delegate().delete(stepKey(STEPS / 2));
			assertThat(repository.head("main").orElseThrow().effectiveSequence()).isEqualTo(STEPS / 2 - 1);
			assertThat(digest(restore())).isEqualTo(states.get(STEPS / 2 - 1));
		}
	}

	private BucketSQLite start() {
		return engines.start(LiveStorage.FILE, (builder) -> builder.pageDeltas(true).chainLimits(LONG));
	}

	/** A base of 300 rows, then {@link #STEPS} one-row delta steps. */
	private void chain(BucketSQLite engine) throws SQLException {
		fill(engine.connection(), 300, 1000);
		engine.forceFlush();
		states.add(RowDigest.of(engine.connection(), "t"));
		for (int step = 1; step <= STEPS; step++) {
			execute(engine.connection(), "UPDATE t SET payload = randomblob(100) WHERE id = " + (step * 7 % 300 + 1));
			engine.forceFlush();
			states.add(RowDigest.of(engine.connection(), "t"));
		}
	}

	private List<Call> stepReads() {
		// A whole step (GET) or a claim's header (OPEN_STREAM, a ranged GET): one request each.
		return faulty.calls()
			.stream()
			.filter((call) -> call.operation() == Operation.GET || call.operation() == Operation.OPEN_STREAM)
			.filter((call) -> call.key().contains(".bh/successors/"))
			.toList();
	}

	private String stepKey(long step) {
		try (SnapshotRepository repository = repository()) {
			String lineage = repository.head("main").orElseThrow().effectiveLineage();
			return LAYOUT.successorKey("main", lineage, step);
		}
	}

	private SnapshotRepository repository() {
		return new SnapshotRepository(engines.bucket(), SnapshotLayout.DEFAULT_SNAPSHOT_KEY, 1,
				RetentionPolicy.DEFAULTS, Clock.systemUTC(), List.of());
	}

	private Path restore() {
		Path out = temp.resolve("restored-" + System.nanoTime() + ".db");
		try (SnapshotRepository repository = repository()) {
			repository.restoreTo("main", RestorePoint.latest(), out, false);
		}
		return out;
	}

}
