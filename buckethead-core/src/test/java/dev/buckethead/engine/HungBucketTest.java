package dev.buckethead.engine;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.buckethead.BucketHeadException;
import dev.buckethead.BucketSQLite;
import dev.buckethead.bucket.TestBuckets;
import dev.buckethead.live.LiveStorage;
import dev.buckethead.snapshot.FlushOutcome;
import dev.buckethead.test.faults.FaultyBucketClient;
import dev.buckethead.test.faults.FaultyBucketClient.Operation;
import dev.buckethead.test.faults.Hang;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

import static dev.buckethead.engine.EngineFixture.count;
import static dev.buckethead.engine.EngineFixture.execute;
import static dev.buckethead.engine.EngineFixture.fill;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A bucket that stops answering in the middle of a flush (the real S3 test server behind a fault-injecting
 * decorator): what reads the engine's state answers at once, and close gives up on the flush at its deadline,
 * keeping the live database.
 */
class HungBucketTest {

	/** Long enough to fail a test that waits for the flush (which never ends), short enough to keep it fast. */
	private static final Duration AT_ONCE = Duration.ofSeconds(5);

	@TempDir
	Path temp;

	private FaultyBucketClient bucket;

	private final ListAppender<ILoggingEvent> log = new ListAppender<>();

	@BeforeEach
	void setUp() {
		bucket = new FaultyBucketClient(TestBuckets.newS3Bucket("hung"));
		log.start();
		((Logger) LoggerFactory.getLogger(BucketSQLite.class)).addAppender(log);
	}

	@AfterEach
	void tearDown() {
		((Logger) LoggerFactory.getLogger(BucketSQLite.class)).detachAppender(log);
		bucket.close();
	}

	private BucketSQLite start(LiveStorage storage, Duration interval) {
		return BucketSQLite.builder()
			.bucket(bucket)
			.storage(storage)
			.directory(temp.resolve("live"))
			.flushInterval(interval)
			.chunkSize(16 * 1024)
			.build()
			.start();
	}

	@ParameterizedTest
	@EnumSource(LiveStorage.class)
	void whileAFlushIsStuckOnTheBucketTheEnginesStateAnswersAtOnceAndWritesGoOn(LiveStorage storage)
			throws Exception {
		try (BucketSQLite db = start(storage, Duration.ZERO)) {
			execute(db.connection(), "CREATE TABLE t (v TEXT)");
			String flushed = db.forceFlush().generation();
			execute(db.connection(), "INSERT INTO t VALUES ('unflushed')");
			Hang stuck = bucket.on(Operation.PUT).hang();
			CompletableFuture<?> flush = CompletableFuture.supplyAsync(db::forceFlush);
			stuck.awaitBlocked(1, Duration.ofSeconds(30));

			assertTimeoutPreemptively(AT_ONCE, () -> {
				assertThat(db.isDirty()).isTrue();
				assertThat(db.generation()).hasValue(flushed);
				assertThat(db.retainedGenerations()).containsExactly(flushed);
				assertThat(db.branch()).isEqualTo("main");
				assertThat(db.statistics().runningFor()).isPresent();
				assertThat(db.statistics().runningSince()).isNotNull();
				assertThat(db.ioCounters().puts()).isPositive();
				execute(db.connection(), "INSERT INTO t VALUES ('written meanwhile')");
			});
			assertThat(flush).isNotDone();

			stuck.release();
			flush.get(30, TimeUnit.SECONDS);
			assertThat(db.statistics().runningFor()).isEmpty();
			assertThat(db.generation()).isPresent().isNotEqualTo(java.util.Optional.of(flushed));
			assertThat(db.isDirty()).as("the row written during the flush is not in it").isTrue();
			assertThat(db.forceFlush().outcome()).isEqualTo(FlushOutcome.SUCCESS);
			assertThat(db.isDirty()).isFalse();
		}
	}

	@Test
	void closeGivesUpOnAStuckFlushAtItsDeadlineKeepsTheLiveFileAndSaysWhereOnOneLine() throws Exception {
		BucketSQLite db = start(LiveStorage.FILE, Duration.ofMillis(20));
		fill(db.connection(), 50, 1000);
		Hang stuck = bucket.on(Operation.PUT).hang();
		// The timer's flush is the one stuck; the final flush must wait for it, and the deadline ends both.
		stuck.awaitBlocked(1, Duration.ofSeconds(30));

		assertTimeoutPreemptively(AT_ONCE.multipliedBy(2),
				() -> assertThatExceptionOfType(BucketHeadException.class)
					.isThrownBy(() -> db.close(Duration.ofMillis(300)))
					.withMessageContaining("did not finish within 300 ms"));
		assertThat(db.isRunning()).isFalse();
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(stuck.blocked()).as("the abandoned flushes were interrupted").isZero());

		List<Path> kept = EngineFixture.databaseFiles(temp.resolve("live"));
		assertThat(kept).hasSize(1);
		try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + kept.get(0))) {
			assertThat(count(connection, "SELECT count(*) FROM t")).isEqualTo(50);
		}
		assertThat(log.list).filteredOn((event) -> event.getFormattedMessage().contains("kept at"))
			.singleElement()
			.satisfies((event) -> assertThat(event.getFormattedMessage()).doesNotContain("\n")
				.contains("did not finish within 300 ms", kept.get(0).toString(), "buckethead import"));
		assertThatNoException().isThrownBy(db::close);
	}

	@Test
	void aSlowBucketThatAnswersBeforeTheDeadlineLetsTheFinalFlushFinish() throws Exception {
		BucketSQLite db = start(LiveStorage.FILE, Duration.ZERO);
		execute(db.connection(), "CREATE TABLE t (v TEXT)");
		execute(db.connection(), "INSERT INTO t VALUES ('slow but saved')");
		bucket.on(Operation.PUT).delay(Duration.ofMillis(50));
		db.close(Duration.ofSeconds(30));
		bucket.clearFaults();
		try (BucketSQLite again = start(LiveStorage.FILE, Duration.ZERO)) {
			assertThat(count(again.connection(), "SELECT count(*) FROM t WHERE v = 'slow but saved'")).isEqualTo(1);
		}
	}

}
