package dev.buckethead.snapshot;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.buckethead.BucketSQLite;
import dev.buckethead.bucket.BucketClient;
import dev.buckethead.bucket.TestBuckets;
import dev.buckethead.live.LiveStorage;
import dev.buckethead.test.RandomWriter;
import dev.buckethead.test.RowDigest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several writers, flushes at random moments (base and delta steps, compaction into bases by a low chain limit,
 * a VACUUM, a branch switch): every step each flush left restores to exactly the state the flush wrote. Writers
 * pause (a read-write lock) while a flush and its copy are taken, so the copy is the flushed state. Longer with
 * {@code -Dbuckethead.test.chain.flushes=}.
 */
class DeltaChainRandomizedTest {

	private static final int FLUSHES = Integer.getInteger("buckethead.test.chain.flushes", 16);

	@TempDir
	Path temp;

	@Test
	void everyStepOfEveryBranchRestoresToTheStateItsFlushWrote() throws Exception {
		long seed = Long.getLong("buckethead.test.chain.seed", System.nanoTime());
		Random random = new Random(seed);
		BucketClient bucket = TestBuckets.newS3Bucket("chain");
		Map<String, String> copies = new HashMap<>();
		try (BucketSQLite engine = BucketSQLite.builder()
			.bucket(bucket)
			.storage(LiveStorage.FILE)
			.directory(temp.resolve("live"))
			.flushInterval(Duration.ZERO)
			.chunkSize(16 * 1024)
			.keepGenerations(1000)
			.pageDeltas(true)
			.chainLimits(new ChainLimits(3, 0.25, 2, Duration.ofHours(1)))
			.build()
			.start()) {
			try (Statement statement = engine.connection().createStatement()) {
				statement.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, payload BLOB)");
				statement.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200) "
						+ "INSERT INTO t (payload) SELECT randomblob(300) FROM n");
			}
			try (RandomWriter writers = RandomWriter.start(engine.connection(), 3, random)) {
				for (int i = 0; i < FLUSHES; i++) {
					try (RandomWriter.Pause paused = writers.pauseAfter(random, 40)) {
						if (i == FLUSHES / 3) {
							try (Statement statement = engine.connection().createStatement()) {
								statement.execute("VACUUM");
							}
						}
						if (i == FLUSHES / 2) {
							engine.branches().create("side");
							engine.branches().switchTo("side");
						}
						FlushResult result = engine.forceFlush();
						if (result.outcome() == FlushOutcome.SUCCESS) {
							copies.put(result.branch() + "/" + result.generation(),
									RowDigest.of(engine.connection(), "t"));
						}
					}
				}
				writers.stop();
			}
		}
		Map<String, String> restored = restoreEveryStep(bucket);
		assertThat(restored).as("seed %d", seed).containsAllEntriesOf(copies);
		assertThat(copies).hasSizeGreaterThan(FLUSHES / 2);
	}

	/** Restores every step of every branch's lineage, by walking its claims from step 1: branch/generation to digest. */
	private Map<String, String> restoreEveryStep(BucketClient bucket) throws Exception {
		SnapshotStore store = new SnapshotStore(bucket, new SnapshotLayout(SnapshotLayout.DEFAULT_SNAPSHOT_KEY));
		ExecutorService io = Executors.newFixedThreadPool(2);
		try {
			ChunkCodec codec = new ChunkCodec(1);
			ChainRestorer chains = new ChainRestorer(store, new SnapshotReader(store, codec, io), codec);
			BranchHeads heads = new BranchHeads(store, 1000, Clock.systemUTC());
			Map<String, String> digests = new HashMap<>();
			for (String branch : heads.branches()) {
				HeadPointer tip = heads.read(branch).orElseThrow().pointer();
				String lineage = tip.effectiveLineage();
				List<HeadPointer> points = new ArrayList<>();
				for (long step = 1; step <= tip.effectiveSequence(); step++) {
					SuccessorClaim claim = store.readSuccessor(branch, lineage, step).orElseThrow();
					if (step == 1) {
						points.add(HeadPointer.ofBase(branch, claim.after(), List.of(), claim.createdAt(), lineage, 0));
					}
					points.add(claim.isDelta()
							? new HeadPointer(HeadPointer.FORMAT, branch, claim.generation(), List.of(), claim.createdAt(),
									lineage, step, claim.base(), claim.baseSequence())
							: HeadPointer.ofBase(branch, claim.generation(), List.of(), claim.createdAt(), lineage, step));
				}
				assertThat(points.stream().anyMatch(HeadPointer::isDelta)).as("branch %s has delta steps", branch)
					.isTrue();
				for (HeadPointer point : points) {
					ChainRestorer.Result result = chains.restore(point, temp);
					try (Connection connection = DriverManager
						.getConnection("jdbc:sqlite:" + result.restored().file())) {
						digests.put(branch + "/" + point.generation(), RowDigest.of(connection, "t"));
					}
				}
			}
			return digests;
		}
		finally {
			io.shutdownNow();
		}
	}

}
