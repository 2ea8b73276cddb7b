package dev.buckethead.engine;

import java.nio.file.Path;
import java.sql.Connection;

import dev.buckethead.BucketSQLite;
import dev.buckethead.branch.BranchException;
import dev.buckethead.live.LiveStorage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.buckethead.engine.EngineFixture.count;
import static dev.buckethead.engine.EngineFixture.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BranchesTest extends EngineTest {

	@org.junit.jupiter.api.Test
	void aSwitchLetsGoOfTheLocalCopiesOfTheStepsOfTheBranchLeft() throws Exception {
		Path live = temp.resolve("live");
		try (BucketSQLite db = fixture.start(LiveStorage.FILE)) {
			threeDeltaStepsOnMainAfterBranchOther(db);
			assertThat(stepCopies(live)).as("main's delta steps, kept for a compaction").hasSize(3);

			db.branches().switchTo("other");
			// The RAM-backed directory held them until the next base of the new branch, or the close.
			assertThat(stepCopies(live)).as("copies of the branch left").isEmpty();
			execute(db.connection(), "INSERT INTO t VALUES ('on other')");
			db.forceFlush();
			// Back on main, its chain restores from the bucket.
			db.branches().switchTo("main");
			assertThat(count(db.connection(), "SELECT count(*) FROM t")).isEqualTo(3);
			assertThat(stepCopies(live)).isEmpty();
		}
	}

	@org.junit.jupiter.api.Test
	void aSwitchWritesTheHeadOfTheBranchLeftAtItsTip() throws Exception {
		String headKey = new dev.buckethead.snapshot.SnapshotLayout(
				dev.buckethead.snapshot.SnapshotLayout.DEFAULT_SNAPSHOT_KEY).headKey("main");
		try (BucketSQLite db = fixture.start(LiveStorage.FILE)) {
			threeDeltaStepsOnMainAfterBranchOther(db);
			String tip = db.generation().orElseThrow();
			assertThat(headObject(headKey)).as("the head lags behind the delta steps").doesNotContain(tip);

			db.branches().switchTo("other");
			assertThat(headObject(headKey)).as("main's head once main is left").contains(tip);
			db.branches().switchTo("main");
		}
	}

	/** A base on main, branch "other" created at it, then three delta steps on main (the head lags behind them). */
	private static void threeDeltaStepsOnMainAfterBranchOther(BucketSQLite db) throws java.sql.SQLException {
		execute(db.connection(), "CREATE TABLE t (x TEXT)");
		db.forceFlush();
		db.branches().create("other");
		for (int i = 0; i < 3; i++) {
			execute(db.connection(), "INSERT INTO t VALUES ('step " + i + "')");
			db.forceFlush();
		}
	}

	private String headObject(String key) {
		return new String(fixture.bucket().get(key).orElseThrow().data(), java.nio.charset.StandardCharsets.UTF_8);
	}

	private static java.util.List<Path> stepCopies(Path directory) throws java.io.IOException {
		try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(directory)) {
			return files.filter((file) -> file.getFileName().toString().endsWith(".step")).toList();
		}
	}


	@ParameterizedTest
	@EnumSource(LiveStorage.class)
	void createSwitchOverwriteDeleteRoundTrip(LiveStorage storage) throws Exception {
		try (BucketSQLite db = fixture.start(storage)) {
			Connection open = db.connect();
			execute(open, "CREATE TABLE t (x TEXT)");
			execute(open, "INSERT INTO t VALUES ('on main')");

			db.branches().create("experiment-1");
			assertThat(db.branches().list()).containsExactly("experiment-1", "main");
			assertThat(db.branch()).isEqualTo("main");

			db.branches().switchTo("experiment-1");
			assertThat(db.branch()).isEqualTo("experiment-1");
			// A connection opened before the switch sees the new branch.
			execute(open, "INSERT INTO t VALUES ('on experiment')");
			assertThat(count(open, "SELECT count(*) FROM t")).isEqualTo(2);

			db.branches().switchTo("main");
			assertThat(count(open, "SELECT count(*) FROM t")).isEqualTo(1);
			assertThat(count(db.connect(), "SELECT count(*) FROM t WHERE x = 'on experiment'")).isZero();

			db.branches().switchTo("experiment-1");
			assertThat(count(db.connect(), "SELECT count(*) FROM t")).isEqualTo(2);
			db.branches().overwrite("main");
			assertThat(db.branch()).isEqualTo("main");
			execute(open, "INSERT INTO t VALUES ('after overwrite')");
			db.branches().delete("experiment-1");
			assertThat(db.branches().list()).containsExactly("main");
			open.close();
		}
		try (BucketSQLite db = fixture.start(storage)) {
			assertThat(count(db.connection(), "SELECT count(*) FROM t")).isEqualTo(3);
		}
	}

	@ParameterizedTest
	@EnumSource(LiveStorage.class)
	void writesBeforeASwitchStayOnTheOutgoingBranch(LiveStorage storage) throws Exception {
		try (BucketSQLite db = fixture.start(storage)) {
			execute(db.connection(), "CREATE TABLE t (x TEXT)");
			db.branches().create("other");
			execute(db.connection(), "INSERT INTO t VALUES ('unflushed on main')");
			db.branches().switchTo("other");
			assertThat(count(db.connection(), "SELECT count(*) FROM t")).isZero();
		}
		try (BucketSQLite db = fixture.start(storage, (b) -> b.branch("main"))) {
			assertThat(count(db.connection(), "SELECT count(*) FROM t")).isEqualTo(1);
		}
	}

	@ParameterizedTest
	@EnumSource(LiveStorage.class)
	void writesDuringASwitchLandOnExactlyOneBranchInOrder(LiveStorage storage) throws Exception {
		int writers = 3;
		java.util.Map<Integer, java.util.List<Integer>> acknowledged = new java.util.concurrent.ConcurrentHashMap<>();
		try (BucketSQLite db = fixture.start(storage)) {
			execute(db.connection(), "CREATE TABLE w (writer INTEGER, n INTEGER)");
			db.branches().create("next");
			java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
			java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(writers);
			java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
			java.util.List<java.util.concurrent.Future<?>> futures = new java.util.ArrayList<>();
			for (int w = 0; w < writers; w++) {
				int writer = w;
				acknowledged.put(writer, new java.util.concurrent.CopyOnWriteArrayList<>());
				futures.add(pool.submit(() -> {
					try (Connection connection = db.connect()) {
						for (int n = 0; !stop.get() || n < 50; n++) {
							execute(connection, "INSERT INTO w VALUES (" + writer + ", " + n + ")");
							acknowledged.get(writer).add(n);
							if (n == 20) {
								started.countDown();
							}
						}
					}
					return null;
				}));
			}
			started.await();
			db.branches().switchTo("next");
			stop.set(true);
			for (var future : futures) {
				future.get();
			}
			pool.shutdown();
		}
		java.util.Map<String, java.util.Set<String>> rowsByBranch = new java.util.HashMap<>();
		for (String branch : java.util.List.of("main", "next")) {
			try (BucketSQLite db = fixture.start(storage, (b) -> b.branch(branch));
					var rs = db.connection().createStatement().executeQuery("SELECT writer, n FROM w")) {
				java.util.Set<String> rows = new java.util.HashSet<>();
				while (rs.next()) {
					rows.add(rs.getInt(1) + ":" + rs.getInt(2));
				}
				rowsByBranch.put(branch, rows);
			}
		}
		for (int w = 0; w < writers; w++) {
			java.util.List<Integer> sent = acknowledged.get(w);
			int onMain = 0;
			for (int n : sent) {
				boolean main = rowsByBranch.get("main").contains(w + ":" + n);
				boolean next = rowsByBranch.get("next").contains(w + ":" + n);
				assertThat(main ^ next).as("row %d:%d is on exactly one branch", w, n).isTrue();
				if (main) {
					assertThat(n).as("writer %d's rows on main are a prefix", w).isEqualTo(onMain);
					onMain++;
				}
			}
			assertThat(onMain).as("writer %d wrote on main before the switch", w).isGreaterThan(20);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "a/b", "..", "-x", "a..b", "with space", "ünïcode" })
	void invalidNamesAreRefusedWithTheRule(String name) {
		try (BucketSQLite db = fixture.start(LiveStorage.FILE)) {
			assertThatThrownBy(() -> db.branches().create(name)).isInstanceOf(BranchException.class)
				.hasMessageContaining("Invalid branch name");
		}
	}

	@ParameterizedTest
	@EnumSource(LiveStorage.class)
	void refusesImpossibleOperations(LiveStorage storage) {
		try (BucketSQLite db = fixture.start(storage)) {
			assertThatThrownBy(() -> db.branches().switchTo("nope")).hasMessageContaining("does not exist");
			assertThatThrownBy(() -> db.branches().delete("main")).hasMessageContaining("current branch");
			db.branches().create("x");
			assertThatThrownBy(() -> db.branches().create("x")).hasMessageContaining("already exists");
		}
	}

}
