package dev.buckethead.engine;

import java.util.List;

import dev.buckethead.BucketSQLite;
import dev.buckethead.live.LiveStorage;
import dev.buckethead.snapshot.HeadPointer;
import dev.buckethead.snapshot.OnMissingHead;
import dev.buckethead.snapshot.SnapshotConflictException;
import dev.buckethead.snapshot.SnapshotLayout;
import dev.buckethead.snapshot.SnapshotRepository;
import dev.buckethead.snapshot.SnapshotStore;
import org.junit.jupiter.api.Test;

import static dev.buckethead.engine.EngineFixture.count;
import static dev.buckethead.engine.EngineFixture.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * With page deltas, most flushes are delta steps with no manifest: rebuilding a lost head from manifests alone
 * would drop every flush since the last base. The rebuilt head is the tip of the claims after the newest base.
 */
class MissingHeadWithDeltasTest extends EngineTest {

	private static final SnapshotLayout LAYOUT = new SnapshotLayout(SnapshotLayout.DEFAULT_SNAPSHOT_KEY);

	/** A base, then five delta steps of one row each; returns the head as the writer left it. */
	private HeadPointer writeABaseAndFiveDeltas() throws Exception {
		try (BucketSQLite db = fixture.start(LiveStorage.FILE, (b) -> b.pageDeltas(true))) {
			execute(db.connection(), "CREATE TABLE t (x INTEGER)");
			db.forceFlush();
			for (int i = 1; i <= 5; i++) {
				execute(db.connection(), "INSERT INTO t VALUES (" + i + ")");
				db.forceFlush();
			}
		}
		HeadPointer head = store().readHead("main").orElseThrow().pointer();

		assertThat(head.isDelta()).as("the flushes after the first were delta steps").isTrue();
		return head;
	}

	@Test
	void recoverNewestRestoresTheDeltaStepsAfterTheNewestBaseAndContinuesTheirLineage() throws Exception {
		HeadPointer lost = writeABaseAndFiveDeltas();
		fixture.bucket().delete(LAYOUT.headKey("main"));

		try (BucketSQLite db = fixture.start(LiveStorage.FILE,
				(b) -> b.pageDeltas(true).onMissingHead(OnMissingHead.RECOVER_NEWEST))) {
			assertThat(count(db.connection(), "SELECT count(*) FROM t")).isEqualTo(5);
			assertThat(db.generation()).contains(lost.generation());
			assertThat(db.restoreReport().fallback()).contains("delta steps after it, up to generation "
					+ lost.generation());
			HeadPointer rebuilt = store().readHead("main").orElseThrow().pointer();
			assertThat(rebuilt.generation()).isEqualTo(lost.generation());
			assertThat(rebuilt.lineage()).isEqualTo(lost.lineage());
			assertThat(rebuilt.sequence()).isEqualTo(lost.sequence());
			assertThat(rebuilt.base()).isEqualTo(lost.base());
			execute(db.connection(), "INSERT INTO t VALUES (6)");
			db.forceFlush();
		}
		try (BucketSQLite db = fixture.start(LiveStorage.MEMORY)) {
			assertThat(count(db.connection(), "SELECT count(*) FROM t")).isEqualTo(6);
		}
	}

	@Test
	void aWriterStillRunningOnTheLostHeadIsFencedByTheSameClaim() throws Exception {
		writeABaseAndFiveDeltas();
		BucketSQLite old = fixture.start(LiveStorage.FILE, (b) -> b.pageDeltas(true));
		fixture.bucket().delete(LAYOUT.headKey("main"));
		try (BucketSQLite recovered = fixture.start(LiveStorage.FILE,
				(b) -> b.pageDeltas(true).onMissingHead(OnMissingHead.RECOVER_NEWEST))) {
			execute(recovered.connection(), "INSERT INTO t VALUES (100)");
			recovered.forceFlush();
			execute(old.connection(), "INSERT INTO t VALUES (200)");
			// Both saw step n; the recovered writer claimed n+1 first.
			assertThatThrownBy(old::forceFlush).isInstanceOf(SnapshotConflictException.class);
			// Its final flush too: it keeps its live file rather than overwrite.
			assertThatThrownBy(old::close).isInstanceOf(SnapshotConflictException.class);
		}
		try (BucketSQLite db = fixture.start(LiveStorage.MEMORY)) {
			assertThat(count(db.connection(), "SELECT count(*) FROM t WHERE x = 100")).isEqualTo(1);
			assertThat(count(db.connection(), "SELECT count(*) FROM t WHERE x = 200")).isZero();
		}
	}

	@Test
	void repairHeadReportsAndWritesTheTip() throws Exception {
		HeadPointer lost = writeABaseAndFiveDeltas();
		fixture.bucket().delete(LAYOUT.headKey("main"));
		try (SnapshotRepository repository = new SnapshotRepository(fixture.bucket(),
				SnapshotLayout.DEFAULT_SNAPSHOT_KEY, 10, List.of())) {
			SnapshotRepository.HeadRepair dryRun = repository.repairHead("main", false);
			assertThat(dryRun.tip()).isEqualTo(lost.generation());
			assertThat(dryRun.chosen().generation()).isEqualTo(lost.base());
			assertThat(store().readHead("main")).isEmpty();
			SnapshotRepository.HeadRepair applied = repository.repairHead("main", true);
			assertThat(applied.retained()).startsWith(lost.base());
		}
		assertThat(store().readHead("main").orElseThrow().pointer().generation()).isEqualTo(lost.generation());
		try (BucketSQLite db = fixture.start(LiveStorage.MEMORY)) {
			assertThat(count(db.connection(), "SELECT count(*) FROM t")).isEqualTo(5);
			assertThat(db.retainedGenerations()).isNotEmpty();
		}
	}

	private SnapshotStore store() {
		return new SnapshotStore(fixture.bucket(), LAYOUT);
	}

}
