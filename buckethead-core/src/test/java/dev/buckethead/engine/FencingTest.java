package dev.buckethead.engine;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.buckethead.BucketSQLite;
import dev.buckethead.live.LiveStorage;
import dev.buckethead.snapshot.FlushOutcome;
import dev.buckethead.snapshot.FlushResult;
import dev.buckethead.snapshot.SnapshotConflictException;
import dev.buckethead.snapshot.SnapshotLayout;
import org.junit.jupiter.api.Test;

import static dev.buckethead.engine.EngineFixture.count;
import static dev.buckethead.engine.EngineFixture.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Exactly one writer wins each step of a branch, on the real S3 test server, whose If-Match is not atomic: the
 * fence is the If-None-Match create of the successor claim.
 */
class FencingTest extends EngineTest {

	private static final SnapshotLayout LAYOUT = new SnapshotLayout(SnapshotLayout.DEFAULT_SNAPSHOT_KEY);

	private static final int ROUNDS = Integer.getInteger("buckethead.test.fencing.rounds", 100);

	@Test
	void twoWritersFlushingAtOnceFromTheSameHeadNeverBothWin() throws Exception {
		try (BucketSQLite seed = fixture.start(LiveStorage.FILE)) {
			execute(seed.connection(), "CREATE TABLE t (round INTEGER, writer TEXT)");
		}
		List<String> winners = new ArrayList<>();
		ExecutorService threads = Executors.newFixedThreadPool(2);
		try {
			for (int round = 0; round < ROUNDS; round++) {
				BucketSQLite[] engines = { fixture.start(LiveStorage.FILE), fixture.start(LiveStorage.FILE) };
				CyclicBarrier together = new CyclicBarrier(2);
				List<Future<FlushResult>> flushes = new ArrayList<>();
				for (int i = 0; i < 2; i++) {
					BucketSQLite engine = engines[i];
					String writer = "w" + i;
					int r = round;
					execute(engine.connection(), "INSERT INTO t VALUES (" + r + ", '" + writer + "')");
					flushes.add(threads.submit(() -> {
						together.await(30, TimeUnit.SECONDS);
						return engine.forceFlush();
					}));
				}
				int successes = 0;
				for (int i = 0; i < 2; i++) {
					try {
						FlushResult result = flushes.get(i).get(60, TimeUnit.SECONDS);
						assertThat(result.outcome()).isEqualTo(FlushOutcome.SUCCESS);
						successes++;
						winners.add(round + ":w" + i);
					}
					catch (java.util.concurrent.ExecutionException ex) {
						assertThat(ex.getCause()).isInstanceOf(SnapshotConflictException.class);
					}
				}
				assertThat(successes).as("successful flushes in round %d", round).isEqualTo(1);
				for (BucketSQLite engine : engines) {
					closeLoserQuietly(engine);
				}
			}
		}
		finally {
			threads.shutdownNow();
		}
		try (BucketSQLite db = fixture.start(LiveStorage.FILE)) {
			List<String> stored = new ArrayList<>();
			try (var rs = db.connection().createStatement().executeQuery("SELECT round, writer FROM t ORDER BY round")) {
				while (rs.next()) {
					stored.add(rs.getInt(1) + ":" + rs.getString(2));
				}
			}
			assertThat(stored).containsExactlyElementsOf(winners);
		}
	}

	@Test
	void aHeadThatLagsItsClaimIsWalkedPast() throws Exception {
		String headKey = LAYOUT.headKey("main");
		byte[] oldHead;
		String claimed;
		try (BucketSQLite db = fixture.start(LiveStorage.FILE, EngineFixture.WHOLE_BASES)) {
			execute(db.connection(), "CREATE TABLE t (x TEXT)");
			db.forceFlush();
			oldHead = fixture.bucket().get(headKey).orElseThrow().data();
			execute(db.connection(), "INSERT INTO t VALUES ('claimed')");
			claimed = db.forceFlush().generation();
		}
		// As if the head write after the claim had failed: the head still names the generation before.
		fixture.bucket().put(headKey, oldHead);
		try (BucketSQLite db = fixture.start(LiveStorage.FILE, EngineFixture.WHOLE_BASES)) {
			assertThat(db.generation()).contains(claimed);
			assertThat(count(db.connection(), "SELECT count(*) FROM t WHERE x = 'claimed'")).isEqualTo(1);
			execute(db.connection(), "INSERT INTO t VALUES ('after')");
			String next = db.forceFlush().generation();
			assertThat(new String(fixture.bucket().get(headKey).orElseThrow().data(), StandardCharsets.UTF_8))
				.contains(next);
		}
	}

	@Test
	void aWriterThatMissedTheWalkedStepGetsAConflictNamingIt() throws Exception {
		try (BucketSQLite seed = fixture.start(LiveStorage.FILE)) {
			execute(seed.connection(), "CREATE TABLE t (x TEXT)");
		}
		BucketSQLite stale = fixture.start(LiveStorage.FILE);
		String winner;
		try (BucketSQLite first = fixture.start(LiveStorage.FILE)) {
			execute(first.connection(), "INSERT INTO t VALUES ('first')");
			winner = first.forceFlush().generation();
		}
		execute(stale.connection(), "INSERT INTO t VALUES ('stale')");
		assertThatThrownBy(stale::forceFlush).isInstanceOfSatisfying(SnapshotConflictException.class,
				(conflict) -> assertThat(conflict.otherGeneration()).isEqualTo(winner))
			.hasMessageContaining(winner);
		closeLoserQuietly(stale);
	}

	@Test
	void aBranchDeletedAndCreatedAgainAtTheSameGenerationDoesNotMeetItsOldClaims() throws Exception {
		try (BucketSQLite db = fixture.start(LiveStorage.FILE)) {
			execute(db.connection(), "CREATE TABLE t (x TEXT)");
			db.forceFlush();
			for (String life : List.of("first", "second")) {
				db.branches().create("x");
				db.branches().switchTo("x");
				execute(db.connection(), "INSERT INTO t VALUES ('" + life + "')");
				assertThat(db.forceFlush().outcome()).isEqualTo(FlushOutcome.SUCCESS);
				db.branches().switchTo("main");
				db.branches().delete("x");
			}
		}
	}

	@Test
	void aHeadWrittenBeforeLineagesExistedAdvances() throws Exception {
		String headKey = LAYOUT.headKey("main");
		try (BucketSQLite db = fixture.start(LiveStorage.FILE)) {
			execute(db.connection(), "CREATE TABLE t (x TEXT)");
			db.forceFlush();
		}
		String legacy = new String(fixture.bucket().get(headKey).orElseThrow().data(), StandardCharsets.UTF_8)
			.replaceAll(",\"lineage\":\"[0-9a-f]+\",\"sequence\":0", "");
		assertThat(legacy).doesNotContain("lineage").doesNotContain("sequence");
		fixture.bucket().put(headKey, legacy.getBytes(StandardCharsets.UTF_8));
		try (BucketSQLite db = fixture.start(LiveStorage.FILE)) {
			execute(db.connection(), "INSERT INTO t VALUES ('later')");
			assertThat(db.forceFlush().outcome()).isEqualTo(FlushOutcome.SUCCESS);
		}
		assertThat(new String(fixture.bucket().get(headKey).orElseThrow().data(), StandardCharsets.UTF_8))
			.contains("\"lineage\":\"0\",\"sequence\":1");
		assertThat(fixture.bucket().head(LAYOUT.successorKey("main", "0", 1))).isPresent();
		try (BucketSQLite db = fixture.start(LiveStorage.FILE)) {
			assertThat(count(db.connection(), "SELECT count(*) FROM t WHERE x = 'later'")).isEqualTo(1);
		}
	}

	@Test
	void gcDeletesTheClaimsNoWalkNeedsAndKeepsTheBranchRestorable() throws Exception {
		try (BucketSQLite db = fixture.start(LiveStorage.FILE, EngineFixture.WHOLE_BASES)) {
			execute(db.connection(), "CREATE TABLE t (x TEXT)");
			db.forceFlush();
			for (int i = 0; i < 3; i++) {
				execute(db.connection(), "INSERT INTO t VALUES ('" + i + "')");
				db.forceFlush();
			}
			assertThat(fixture.bucket().list(LAYOUT.successorPrefix())).hasSize(3);
			var report = db.collectGarbage(java.time.Duration.ZERO, false);
			assertThat(report.successors().unreferenced()).hasSize(3);
			assertThat(fixture.bucket().list(LAYOUT.successorPrefix())).isEmpty();
		}
		try (BucketSQLite db = fixture.start(LiveStorage.FILE, EngineFixture.WHOLE_BASES)) {
			assertThat(count(db.connection(), "SELECT count(*) FROM t")).isEqualTo(3);
		}
	}

	/** The loser's final flush fails again with the same conflict and keeps its live file; that is expected. */
	private static void closeLoserQuietly(BucketSQLite engine) {
		try {
			engine.close();
		}
		catch (SnapshotConflictException expected) {
			// Its live file is kept, as for any failed final flush.
		}
	}

}
