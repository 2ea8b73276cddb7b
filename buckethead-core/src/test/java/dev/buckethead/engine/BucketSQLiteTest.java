package dev.buckethead.engine;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.buckethead.BucketSQLite;
import dev.buckethead.bucket.IoCounters;
import dev.buckethead.live.LiveStorage;
import dev.buckethead.snapshot.FlushOutcome;
import dev.buckethead.snapshot.FlushResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static dev.buckethead.engine.EngineFixture.count;
import static dev.buckethead.engine.EngineFixture.execute;
import static dev.buckethead.engine.EngineFixture.fill;
import static org.assertj.core.api.Assertions.assertThat;

class BucketSQLiteTest extends EngineTest {


	@ParameterizedTest
	@EnumSource(LiveStorage.class)
	void restoresAfterRestart(LiveStorage storage) throws Exception {
		try (BucketSQLite db = fixture.start(storage)) {
			execute(db.connection(), "CREATE TABLE kv (k TEXT PRIMARY KEY, v TEXT)");
			execute(db.connection(), "INSERT INTO kv VALUES ('answer', '42')");
		}
		try (BucketSQLite db = fixture.start(storage); Connection connection = db.connect()) {
			assertThat(count(connection, "SELECT v FROM kv WHERE k = 'answer'")).isEqualTo(42);
			assertThat(db.generation()).isPresent();
		}
	}

	@ParameterizedTest
	@EnumSource(LiveStorage.class)
	void sizeIsThePageCountTimesThePageSizeWithoutABucketRequestAndEmptyWhenStopped(LiveStorage storage)
			throws Exception {
		BucketSQLite stopped;
		try (BucketSQLite db = fixture.start(storage)) {
			stopped = db;
			fill(db.connection(), 200, 1000);
			long pages = count(db.connection(), "PRAGMA page_count");
			long pageSize = count(db.connection(), "PRAGMA page_size");
			IoCounters before = fixture.bucket().counters();

			assertThat(db.size()).hasValue(pages * pageSize);
			assertThat(fixture.bucket().counters().minus(before).totalRequests()).isZero();
		}
		assertThat(stopped.size()).isEmpty();
	}

	@ParameterizedTest
	@EnumSource(LiveStorage.class)
	void cleanDatabaseSkipsTheFlush(LiveStorage storage) throws Exception {
		try (BucketSQLite db = fixture.start(storage)) {
			execute(db.connection(), "CREATE TABLE t (x)");
			assertThat(db.isDirty()).isTrue();
			FlushResult first = db.forceFlush();
			assertThat(first.outcome()).isEqualTo(FlushOutcome.SUCCESS);
			assertThat(first.bytesUploaded()).isPositive();
			assertThat(db.isDirty()).isFalse();
			IoCounters before = fixture.bucket().counters();
			FlushResult second = db.forceFlush();
			assertThat(fixture.bucket().counters().minus(before).totalRequests()).isZero();
			assertThat(second.outcome()).isEqualTo(FlushOutcome.SKIPPED);
			assertThat(second.bytesUploaded()).isZero();
			assertThat(second.generation()).isEqualTo(first.generation());
		}
	}

	@ParameterizedTest
	@EnumSource(LiveStorage.class)
	void uploadsOnlyChangedChunks(LiveStorage storage) throws Exception {
		try (BucketSQLite db = fixture.start(storage, EngineFixture.WHOLE_BASES)) {
			fill(db.connection(), 2000, 1000);
			FlushResult first = db.forceFlush();
			execute(db.connection(), "UPDATE t SET payload = randomblob(1000) WHERE id BETWEEN 100 AND 110");
			IoCounters before = fixture.bucket().counters();
			FlushResult second = db.forceFlush();
			IoCounters sent = fixture.bucket().counters().minus(before);
			// The changed chunks in one pack, one manifest, one successor claim, one head: nothing else goes over the
			// wire.
			assertThat(sent.puts()).isEqualTo(4);
			assertThat(sent.bytesOut()).isLessThan(first.bytesUploaded() / 20);
			assertThat(second.outcome()).isEqualTo(FlushOutcome.SUCCESS);
			assertThat(second.chunksUploaded()).isBetween(1, 3);
			assertThat(second.chunksReused()).isGreaterThan(100);
			assertThat(second.bytesUploaded()).isLessThan(first.bytesUploaded() / 20);
		}
		try (BucketSQLite db = fixture.start(storage, EngineFixture.WHOLE_BASES)) {
			assertThat(count(db.connection(), "SELECT count(*) FROM t")).isEqualTo(2000);
		}
	}

	@ParameterizedTest
	@EnumSource(LiveStorage.class)
	void concurrentWritersDuringFlushesLoseNothing(LiveStorage storage) throws Exception {
		int writers = 4;
		int rowsEach = 500;
		try (BucketSQLite db = fixture.start(storage)) {
			execute(db.connection(), "CREATE TABLE w (writer INTEGER, n INTEGER, PRIMARY KEY (writer, n))");
			ExecutorService pool = Executors.newFixedThreadPool(writers);
			AtomicBoolean writing = new AtomicBoolean(true);
			List<Future<?>> futures = new ArrayList<>();
			for (int w = 0; w < writers; w++) {
				int writer = w;
				futures.add(pool.submit(() -> {
					try (Connection connection = db.connect()) {
						for (int n = 0; n < rowsEach; n++) {
							execute(connection, "INSERT INTO w VALUES (" + writer + ", " + n + ")");
						}
					}
					return null;
				}));
			}
			Future<Integer> flusher = pool.submit(() -> {
				int flushes = 0;
				while (writing.get()) {
					db.forceFlush();
					flushes++;
				}
				return flushes;
			});
			for (Future<?> future : futures) {
				future.get();
			}
			writing.set(false);
			assertThat(flusher.get()).isPositive();
			pool.shutdown();
		}
		try (BucketSQLite db = fixture.start(storage)) {
			assertThat(count(db.connection(), "SELECT count(*) FROM w")).isEqualTo((long) writers * rowsEach);
		}
	}

}
