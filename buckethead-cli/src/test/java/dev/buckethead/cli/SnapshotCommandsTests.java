package dev.buckethead.cli;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.buckethead.BucketSQLite;
import dev.buckethead.bucket.ObjectInfo;
import dev.buckethead.bucket.S3BucketClient;
import dev.buckethead.cli.CliFixture.Run;
import dev.buckethead.snapshot.Manifest;
import dev.buckethead.snapshot.SnapshotLayout;
import dev.buckethead.snapshot.SnapshotRepository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static dev.buckethead.cli.CliFixture.count;
import static dev.buckethead.cli.CliFixture.execute;
import static org.assertj.core.api.Assertions.assertThat;

/** The snapshot commands against the real S3 server, on data an engine wrote. */
class SnapshotCommandsTests {

	@TempDir
	Path temp;

	CliFixture fixture;

	@BeforeEach
	void setUp() {
		fixture = new CliFixture(temp);
	}

	@Test
	void restoreWritesAFileSqliteOpensWithTheSameRows() throws Exception {
		String first;
		try (BucketSQLite db = fixture.start("main")) {
			execute(db.connection(), "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)");
			execute(db.connection(), "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 500) "
					+ "INSERT INTO t (name) SELECT 'row ' || i FROM s");
			first = db.forceFlush().generation();
			execute(db.connection(), "INSERT INTO t (name) VALUES ('late')");
		}
		Path out = temp.resolve("restored.db");

		Run restore = fixture.run("restore", "--out", out.toString());

		assertThat(restore.exitCode()).as(restore.toString()).isZero();
		assertThat(restore.out()).contains("Restored generation").contains("quick_check");
		assertThat(count(out, "SELECT count(*) FROM t")).isEqualTo(501);
		assertThat(count(out, "SELECT count(*) FROM t WHERE name = 'row 250'")).isEqualTo(1);
		assertThat(count(out, "SELECT count(*) FROM pragma_journal_mode WHERE journal_mode = 'delete'")).isOne();

		Run again = fixture.run("restore", "--out", out.toString());
		assertThat(again.exitCode()).isEqualTo(1);
		assertThat(again.err()).startsWith("error: Refusing to overwrite").contains("--force").hasLineCount(1);

		Run older = fixture.run("restore", "--out", out.toString(), "--generation", first, "--force", "--json",
				"--progress");
		assertThat(older.exitCode()).as(older.toString()).isZero();
		assertThat(older.json().get("generation").asString()).isEqualTo(first);
		assertThat(older.json().get("file").asString()).as("a path, not a URI")
			.isEqualTo(out.toAbsolutePath().normalize().toString());
		// The progress line's last count is the summary's.
		assertThat(older.err())
			.contains("restore: downloaded " + Formats.bytes(older.json().get("bytesDownloaded").asLong()));
		assertThat(count(out, "SELECT count(*) FROM t")).isEqualTo(500);
	}

	@Test
	void restoreAsOfATimePicksTheNewestGenerationNotAfterIt() throws Exception {
		Instant between;
		try (BucketSQLite db = fixture.start("main")) {
			execute(db.connection(), "CREATE TABLE t (x INTEGER)");
			db.forceFlush();
			Thread.sleep(20);
			between = Instant.now();
			Thread.sleep(20);
			execute(db.connection(), "INSERT INTO t VALUES (1)");
		}
		Path out = temp.resolve("as-of.db");

		Run restore = fixture.run("restore", "--out", out.toString(), "--as-of", between.toString());

		assertThat(restore.exitCode()).as(restore.toString()).isZero();
		assertThat(count(out, "SELECT count(*) FROM t")).isZero();
	}

	@Test
	void generationsPointsListsEveryFlushAndRestoreAsOfReachesADeltaStep() throws Exception {
		List<String> flushed = new java.util.ArrayList<>();
		try (BucketSQLite db = fixture.start("main", (builder) -> builder.pageDeltas(true))) {
			execute(db.connection(), "CREATE TABLE t (x INTEGER)");
			flushed.add(db.forceFlush().generation());
			for (int i = 1; i <= 3; i++) {
				execute(db.connection(), "INSERT INTO t VALUES (" + i + ")");
				flushed.add(db.forceFlush().generation());
			}
		}
		Run points = fixture.run("generations", "points", "--json");
		assertThat(points.exitCode()).as(points.toString()).isZero();
		List<String> newestFirst = new java.util.ArrayList<>(flushed);
		java.util.Collections.reverse(newestFirst);
		assertThat(points.json().findValuesAsString("generation")).containsExactlyElementsOf(newestFirst);
		assertThat(points.json().findValuesAsString("kind")).containsExactly("delta", "delta", "delta", "base");
		assertThat(fixture.run("generations", "points").out()).contains("KIND").contains("delta");
		Path out = temp.resolve("delta-point.db");

		Run restore = fixture.run("restore", "--out", out.toString(), "--as-of",
				dev.buckethead.snapshot.GenerationIds.createdAt(flushed.get(2)).toString(), "--json");

		assertThat(restore.exitCode()).as(restore.toString()).isZero();
		assertThat(restore.json().get("generation").asString()).isEqualTo(flushed.get(2));
		assertThat(count(out, "SELECT count(*) FROM t")).isEqualTo(2);

		Run created = fixture.run("branches", "create", "at-delta", "--from", "main", "--as-of",
				dev.buckethead.snapshot.GenerationIds.createdAt(flushed.get(2)).toString());
		assertThat(created.exitCode()).as(created.toString()).isZero();
		assertThat(created.out()).contains("Created branch at-delta at generation " + flushed.get(2));
		Path branchOut = temp.resolve("at-delta.db");
		assertThat(fixture.run("restore", "--branch", "at-delta", "--out", branchOut.toString()).exitCode()).isZero();
		assertThat(count(branchOut, "SELECT count(*) FROM t")).isEqualTo(2);
	}

	@Test
	void importThenInspectShowsTheNewGeneration() throws Exception {
		Path file = temp.resolve("edited.db");
		try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
			execute(connection, "CREATE TABLE kv (k TEXT PRIMARY KEY, v TEXT)");
			execute(connection, "INSERT INTO kv VALUES ('a', '1'), ('b', '2'), ('c', '3')");
			execute(connection, "CREATE TABLE filestore (key TEXT PRIMARY KEY NOT NULL, size INTEGER NOT NULL, "
					+ "content_type TEXT, name TEXT, created_at INTEGER NOT NULL)");
			execute(connection, "INSERT INTO filestore VALUES ('bh-01', 100, NULL, NULL, 0), ('bh-02', 23, NULL, NULL, 0)");
		}

		Run imported = fixture.run("import", file.toString(), "--json");

		assertThat(imported.exitCode()).as(imported.toString()).isZero();
		String generation = imported.json().get("generation").asString();
		assertThat(imported.json().get("changed").asBoolean()).isTrue();

		Run inspect = fixture.run("inspect", "--json");
		assertThat(inspect.exitCode()).as(inspect.toString()).isZero();
		JsonNode report = inspect.json();
		assertThat(report.get("branches").get(0).asString()).isEqualTo("main");
		assertThat(report.get("head").get("generation").asString()).isEqualTo(generation);
		assertThat(report.get("generations").get(0).get("generation").asString()).isEqualTo(generation);
		assertThat(report.get("generations").get(0).get("current").asBoolean()).isTrue();
		assertThat(report.get("database").get("tables").findValuesAsString("name")).containsExactly("filestore", "kv");
		assertThat(report.get("database").get("tables").get(1).get("rows").asLong()).isEqualTo(3);
		assertThat(report.get("database").get("files").get("blobs").asLong()).isEqualTo(2);
		assertThat(report.get("database").get("files").get("bytes").asLong()).isEqualTo(123);

		Run text = fixture.run("inspect");
		assertThat(text.out()).contains("Branch main: generation " + generation).contains("kv").contains("head")
			.contains("Files  2 blobs, 123 B");

		Run same = fixture.run("import", file.toString());
		assertThat(same.exitCode()).as(same.toString()).isZero();
		assertThat(same.out()).startsWith("Unchanged");
	}

	@Test
	void pruneKeepsTheNewestGenerations() throws Exception {
		try (BucketSQLite db = fixture.start("main")) {
			execute(db.connection(), "CREATE TABLE t (x INTEGER)");
			for (int i = 0; i < 4; i++) {
				execute(db.connection(), "INSERT INTO t VALUES (" + i + ")");
				db.forceFlush();
			}
		}
		List<String> before = fixture.run("generations", "list", "--json").json().findValuesAsString("generation");
		assertThat(before).hasSize(4);

		Run prune = fixture.run("generations", "prune", "--keep", "2", "--json");

		assertThat(prune.exitCode()).as(prune.toString()).isZero();
		assertThat(prune.json().get("dropped").valueStream().map(JsonNode::asString).toList())
			.containsExactlyElementsOf(before.subList(2, 4));
		assertThat(fixture.run("generations", "list", "--json").json().findValuesAsString("generation"))
			.containsExactlyElementsOf(before.subList(0, 2));
		assertThat(fixture.run("generations", "prune", "--keep", "2").out()).startsWith("Nothing to prune");
	}

	@Test
	void branchesCreateListAndDelete() throws Exception {
		try (BucketSQLite db = fixture.start("main")) {
			execute(db.connection(), "CREATE TABLE t (x INTEGER)");
		}
		Run created = fixture.run("branches", "create", "experiment-1", "--from", "main");
		assertThat(created.exitCode()).as(created.toString()).isZero();
		assertThat(created.out()).startsWith("Created branch experiment-1");

		Run list = fixture.run("branches", "list", "--json");
		assertThat(list.json().findValuesAsString("name")).containsExactly("experiment-1", "main");
		JsonNode branches = list.json();
		assertThat(branches.get(0).get("generation").asString()).isEqualTo(branches.get(1).get("generation").asString());
		assertThat(fixture.run("branches", "list").out()).contains("BRANCH").contains("experiment-1");

		assertThat(fixture.run("branches", "create", "experiment-1").err()).contains("already exists");
		Run deleted = fixture.run("branches", "delete", "experiment-1");
		assertThat(deleted.exitCode()).as(deleted.toString()).isZero();
		assertThat(fixture.run("branches", "list", "--json").json().findValuesAsString("name")).containsExactly("main");

		Run missing = fixture.run("branches", "delete", "experiment-1");
		assertThat(missing.exitCode()).isEqualTo(1);
		assertThat(missing.err()).isEqualTo("error: Branch 'experiment-1' does not exist in this bucket\n");
	}

	@Test
	void gcDryRunListsExactlyTheUnreferencedObjects() throws Exception {
		try (BucketSQLite db = fixture.start("main")) {
			execute(db.connection(), "CREATE TABLE t (id INTEGER PRIMARY KEY, payload BLOB)");
			for (int i = 0; i < 4; i++) {
				execute(db.connection(), "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 10) "
						+ "INSERT INTO t (payload) SELECT randomblob(4000) FROM s");
				db.forceFlush();
			}
		}
		assertThat(fixture.run("generations", "prune", "--keep", "1").exitCode()).isZero();
		Set<String> expected = unreferencedObjects();
		assertThat(expected).isNotEmpty();

		Run dryRun = fixture.run("gc", "--dry-run", "--grace", "0", "--json");

		assertThat(dryRun.exitCode()).as(dryRun.toString()).isZero();
		assertThat(dryRun.json().get("dryRun").asBoolean()).isTrue();
		assertThat(dryRun.json().get("objects").findValuesAsString("key")).containsExactlyInAnyOrderElementsOf(expected);
		assertThat(dryRun.json().get("count").asInt()).isEqualTo(expected.size());
		assertThat(unreferencedObjects()).isEqualTo(expected);

		Run graceful = fixture.run("gc", "--dry-run");
		assertThat(graceful.out()).contains("Would delete 0 objects");

		Run gc = fixture.run("gc", "--grace", "0");
		assertThat(gc.exitCode()).as(gc.toString()).isZero();
		assertThat(gc.out()).contains("Deleted " + expected.size() + " objects");
		assertThat(unreferencedObjects()).isEmpty();
		Path out = temp.resolve("after-gc.db");
		assertThat(fixture.run("restore", "--out", out.toString()).exitCode()).isZero();
		assertThat(count(out, "SELECT count(*) FROM t")).isEqualTo(40);
	}

	/** Computed from the bucket itself: every snapshot object the retained manifests do not name. */
	private Set<String> unreferencedObjects() {
		try (S3BucketClient client = fixture.client();
				SnapshotRepository repository = new SnapshotRepository(client, SnapshotLayout.DEFAULT_SNAPSHOT_KEY, 10,
						List.of())) {
			SnapshotLayout layout = repository.layout();
			Set<String> needed = new HashSet<>();
			for (String branch : repository.branches()) {
				for (Manifest manifest : repository.generations(branch)) {
					needed.add(layout.manifestKey(manifest.generation()));
					manifest.chunks().forEach((chunk) -> needed.add(chunk.location() == null ? layout.chunkKey(chunk.sha256())
							: layout.packKey(chunk.location().pack())));
					manifest.references().values().forEach((hash) -> needed.add(layout.referencesKey(hash)));
				}
			}
			Set<String> unreferenced = new HashSet<>();
			for (ObjectInfo object : client.list(layout.root())) {
				if (!object.key().startsWith(layout.headPrefix()) && !needed.contains(object.key())) {
					unreferenced.add(object.key());
				}
			}
			return unreferenced;
		}
	}

}
