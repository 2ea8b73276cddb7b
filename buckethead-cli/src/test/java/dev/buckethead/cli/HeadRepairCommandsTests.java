package dev.buckethead.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import dev.buckethead.BucketSQLite;
import dev.buckethead.bucket.S3BucketClient;
import dev.buckethead.cli.CliFixture.Run;
import dev.buckethead.live.LeftoverLiveFiles;
import dev.buckethead.snapshot.ChunkRef;
import dev.buckethead.snapshot.SnapshotConflictException;
import dev.buckethead.snapshot.SnapshotLayout;
import dev.buckethead.snapshot.SnapshotStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static dev.buckethead.cli.CliFixture.count;
import static dev.buckethead.cli.CliFixture.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A branch whose head is missing or unreadable: the operator's commands still see, restore and repair it. */
class HeadRepairCommandsTests {

	private static final SnapshotLayout LAYOUT = new SnapshotLayout(SnapshotLayout.DEFAULT_SNAPSHOT_KEY);

	@TempDir
	Path temp;

	CliFixture fixture;

	List<String> generations;

	@BeforeEach
	void setUp() throws Exception {
		fixture = new CliFixture(temp);
		try (BucketSQLite db = fixture.start("main")) {
			execute(db.connection(), "CREATE TABLE t (id INTEGER PRIMARY KEY, payload BLOB)");
			execute(db.connection(), "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 100) "
					+ "INSERT INTO t (payload) SELECT randomblob(500) FROM s");
			db.forceFlush();
			execute(db.connection(), "INSERT INTO t (payload) VALUES (randomblob(500))");
			generations = List.of(db.forceFlush().generation(), db.retainedGenerations().get(1));
		}
	}

	@Test
	void repairHeadRebuildsAMissingHeadAfterADryRun() throws Exception {
		delete(LAYOUT.headKey("main"));

		Run dryRun = fixture.run("repair-head", "--branch", "main");
		assertThat(dryRun.exitCode()).as(dryRun.toString()).isZero();
		assertThat(dryRun.out()).contains("Head of branch main: missing")
			.contains("Newest sound generation: " + generations.get(0))
			.contains("Dry run: would write the head at " + generations.get(0));
		assertThat(exists(LAYOUT.headKey("main"))).as("a dry run writes nothing").isFalse();

		Run apply = fixture.run("repair-head", "--branch", "main", "--apply", "--json");
		assertThat(apply.exitCode()).as(apply.toString()).isZero();
		assertThat(apply.json().get("applied").asBoolean()).isTrue();
		assertThat(apply.json().get("retained").valueStream().map(JsonNode::asString).toList())
			.containsExactlyElementsOf(generations);
		try (BucketSQLite db = fixture.start("main")) {
			assertThat(db.generation()).contains(generations.get(0));
			assertThat(rows(db, "SELECT count(*) FROM t")).isEqualTo(101);
		}
		assertThat(fixture.run("repair-head").out()).contains("is sound").contains("nothing to repair");
	}

	@Test
	void repairHeadSkipsAGenerationThatDoesNotVerifyAndReplacesOnlyTheUnreadableHead() throws Exception {
		try (S3BucketClient client = fixture.client()) {
			SnapshotStore store = new SnapshotStore(client, LAYOUT);
			List<ChunkRef> newest = store.readManifest(generations.get(0)).chunks();
			List<ChunkRef> older = store.readManifest(generations.get(1)).chunks();
			ChunkRef only = newest.stream().filter((chunk) -> !older.contains(chunk)).findFirst().orElseThrow();
			// In a pack only the newest flush wrote (format 2), or its own object (format 1).
			client.put(only.location() != null ? LAYOUT.packKey(only.location().pack()) : LAYOUT.chunkKey(only.sha256()),
					"garbage".getBytes());
			client.put(LAYOUT.headKey("main"), "{\"format\":1,".getBytes());
		}

		Run apply = fixture.run("repair-head", "--apply");
		assertThat(apply.exitCode()).as(apply.toString()).isZero();
		assertThat(apply.out()).contains("Head of branch main: unreadable (")
			.contains("skipped generation " + generations.get(0))
			.contains("Wrote the head of branch main at " + generations.get(1));
		try (BucketSQLite db = fixture.start("main")) {
			assertThat(rows(db, "SELECT count(*) FROM t")).isEqualTo(100);
		}
	}

	@Test
	void restoreAndInspectWorkWithoutAReadableHead() throws Exception {
		fixture.client().put(LAYOUT.headKey("main"), "not json".getBytes());
		Path out = temp.resolve("older.db");

		Run latest = fixture.run("restore", "--out", out.toString());
		assertThat(latest.exitCode()).isEqualTo(1);
		assertThat(latest.err()).hasLineCount(1)
			.contains("The head of branch 'main' is unreadable")
			.contains("newest first: " + generations.get(0) + ", " + generations.get(1))
			.contains("buckethead repair-head --branch main");

		Run named = fixture.run("restore", "--out", out.toString(), "--generation", generations.get(1));
		assertThat(named.exitCode()).as(named.toString()).isZero();
		assertThat(count(out, "SELECT count(*) FROM t")).isEqualTo(100);

		Run inspect = fixture.run("inspect", "--json");
		assertThat(inspect.exitCode()).as(inspect.toString()).isZero();
		assertThat(inspect.json().get("headProblem").asString()).startsWith("unreadable (");
		assertThat(inspect.json().get("generations").findValuesAsString("generation"))
			.containsExactlyElementsOf(generations);
		assertThat(inspect.json().get("database").get("tables").get(0).get("rows").asLong()).isEqualTo(101);
		assertThat(fixture.run("inspect", "--no-tables").out()).contains("the head is unreadable")
			.contains("buckethead repair-head --branch main --snapshot-key buckethead.db");
	}

	@Test
	void gcKeepsTheManifestsOfAHeadlessBranchUntilToldToDeleteThem() throws Exception {
		delete(LAYOUT.headKey("main"));

		Run kept = fixture.run("gc", "--grace", "0", "--json");
		assertThat(kept.exitCode()).as(kept.toString()).isZero();
		assertThat(kept.json().get("count").asInt()).isZero();
		assertThat(kept.json().get("keptHeadless").findValuesAsString("generation"))
			.containsExactlyElementsOf(generations);
		assertThat(kept.json().get("keptHeadless").findValuesAsString("reason"))
			.containsOnly("the head of branch 'main' is missing");
		assertThat(fixture.run("gc", "--grace", "0").out()).contains("Kept 2 manifest(s) no head retains")
			.contains("--delete-headless");

		Run deleted = fixture.run("gc", "--grace", "0", "--delete-headless", "--json");
		assertThat(deleted.exitCode()).as(deleted.toString()).isZero();
		assertThat(deleted.json().get("objects").findValuesAsString("key"))
			.contains(LAYOUT.manifestKey(generations.get(0)), LAYOUT.manifestKey(generations.get(1)));
		assertThat(fixture.client().list(LAYOUT.manifestPrefix())).isEmpty();
	}

	@Test
	void importOfASetAsideLiveFileBringsItsWritesBackAndRemovesIt() throws Exception {
		BucketSQLite loser = fixture.start("main");
		try (BucketSQLite winner = fixture.start("main")) {
			execute(winner.connection(), "INSERT INTO t (payload) VALUES (x'01')");
		}
		execute(loser.connection(), "INSERT INTO t (payload) VALUES (x'02')");
		assertThatThrownBy(loser::close).isInstanceOf(SnapshotConflictException.class);
		fixture.start("main").close();
		Path setAside;
		try (Stream<Path> files = Files.list(temp.resolve("live-main").resolve(LeftoverLiveFiles.SET_ASIDE))) {
			setAside = files.filter((file) -> file.toString().endsWith(".db")).findFirst().orElseThrow();
		}

		Run imported = fixture.run("import", setAside.toString(), "--branch", "main");
		assertThat(imported.exitCode()).as(imported.toString()).isZero();
		assertThat(imported.out()).contains("Removed the set-aside live file " + setAside);
		assertThat(setAside).doesNotExist();
		try (BucketSQLite db = fixture.start("main")) {
			assertThat(rows(db, "SELECT count(*) FROM t WHERE payload = x'02'")).isEqualTo(1);
		}
	}

	private void delete(String key) {
		try (S3BucketClient client = fixture.client()) {
			client.delete(key);
		}
	}

	private boolean exists(String key) {
		try (S3BucketClient client = fixture.client()) {
			return client.head(key).isPresent();
		}
	}

	private static long rows(BucketSQLite db, String sql) throws Exception {
		try (var statement = db.connection().createStatement(); var rows = statement.executeQuery(sql)) {
			rows.next();
			return rows.getLong(1);
		}
	}

}
