package dev.buckethead.engine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.buckethead.BucketSQLite;
import dev.buckethead.live.LiveStorage;
import dev.buckethead.snapshot.ReferenceSource;
import dev.buckethead.snapshot.SnapshotGc;
import dev.buckethead.snapshot.SnapshotLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static dev.buckethead.engine.EngineFixture.execute;
import static org.assertj.core.api.Assertions.assertThat;

/** Typed views and reference tracking on a real engine and the real S3 test server. */
class ViewsOnEngineTest extends EngineTest {


	@ParameterizedTest
	@EnumSource(LiveStorage.class)
	void kvSurvivesRestartAndFollowsBranches(LiveStorage storage) {
		try (BucketSQLite db = fixture.start(storage)) {
			db.kv().set("user/123", "alice");
			db.branches().create("experiment");
			db.branches().switchTo("experiment");
			assertThat(db.kv().get("user/123")).isEqualTo("alice");
			db.kv().set("user/123", "bob");
			db.branches().switchTo("main");
			assertThat(db.kv().get("user/123")).isEqualTo("alice");
		}
		try (BucketSQLite db = fixture.start(storage)) {
			assertThat(db.kv().get("user/123")).isEqualTo("alice");
		}
		try (BucketSQLite db = fixture.start(storage, (b) -> b.branch("experiment"))) {
			assertThat(db.kv().get("user/123")).isEqualTo("bob");
		}
	}

	record User(String name, int age) {
	}

	@ParameterizedTest
	@EnumSource(LiveStorage.class)
	void docsSurviveRestartAndFollowBranches(LiveStorage storage) {
		try (BucketSQLite db = fixture.start(storage)) {
			var users = db.docs().collection("users");
			users.insert(java.util.Map.of("name", "alice", "age", 30, "tags", List.of("beta")));
			users.insert(java.util.Map.of("name", "bob", "age", 12));
			db.branches().create("cleanup");
			db.branches().switchTo("cleanup");
			users.delete(java.util.Map.of("age", java.util.Map.of("$lt", 18)));
			assertThat(users.count(java.util.Map.of())).isEqualTo(1);
			db.branches().switchTo("main");
			assertThat(users.count(java.util.Map.of())).isEqualTo(2);
		}
		try (BucketSQLite db = fixture.start(storage)) {
			List<User> adults = db.docs()
				.collection("users")
				.find(java.util.Map.of("age", java.util.Map.of("$gte", 18), "tags", java.util.Map.of("$in",
						List.of("beta"))), User.class);
			assertThat(adults).containsExactly(new User("alice", 30));
		}
	}

	@ParameterizedTest
	@EnumSource(LiveStorage.class)
	void filesSurviveRestartFollowBranchesAndGcHonoursEveryBranch(LiveStorage storage) throws Exception {
		java.time.Duration noGrace = java.time.Duration.ZERO;
		dev.buckethead.files.FileStoreOptions options = new dev.buckethead.files.FileStoreOptions("files/", noGrace,
				java.time.Clock.offset(java.time.Clock.systemUTC(), java.time.Duration.ofMinutes(1)));
		String report;
		try (BucketSQLite db = fixture.start(storage, (b) -> b.pageDeltas(false).keepGenerations(1).fileStoreOptions(options))) {
			report = db.files().put("quarterly numbers".getBytes());
			db.branches().create("audit");
			db.files().delete(report);
			db.forceFlush();
			// main no longer refers to the blob, but branch "audit" does.
			assertThat(db.files().gc().deleted()).isEmpty();
			assertThat(fixture.bucket().head(db.files().objectKey(report))).isPresent();

			db.branches().switchTo("audit");
			assertThat(db.files().exists(report)).isTrue();
			Path out = temp.resolve("out.txt");
			db.files().get(report, out);
			assertThat(out).hasContent("quarterly numbers");
			db.branches().switchTo("main");
			assertThat(db.files().exists(report)).isFalse();
			db.branches().delete("audit");
			assertThat(db.files().gc().deleted()).containsExactly(report);
		}
		try (BucketSQLite db = fixture.start(storage, (b) -> b.pageDeltas(false).fileStoreOptions(options))) {
			String kept = db.files().put("annual numbers".getBytes());
			db.forceFlush();
			assertThat(db.files().gc().deleted()).isEmpty();
			assertThat(db.files().exists(kept)).isTrue();
		}
		try (BucketSQLite db = fixture.start(storage, EngineFixture.WHOLE_BASES)) {
			assertThat(db.files().list()).hasSize(1);
		}
	}

	@Test
	void generationsRecordFileReferencesEvenWhenTheAppNeverOpensTheFileStore() {
		String key;
		try (BucketSQLite db = fixture.start(LiveStorage.FILE)) {
			key = db.files().put("kept".getBytes());
		}
		try (BucketSQLite db = fixture.start(LiveStorage.FILE, (b) -> b.keepGenerations(1))) {
			db.kv().set("unrelated", "write");
			db.forceFlush();
			// This run never called files(), yet its generation still records the blob.
			assertThat(db.viewContext().retainedReferences("files")).containsExactly(key);
		}
	}

	@Test
	void trackerIsAnEngineViewAndSharesSayHowToConfigureThem() throws Exception {
		Path settings = temp.resolve("settings.json");
		java.nio.file.Files.writeString(settings, "{\"v\":1}");
		try (BucketSQLite db = fixture.start(LiveStorage.FILE)) {
			db.tracker().track(settings);
			assertThat(db.tracker().sync().added()).hasSize(1);
			org.assertj.core.api.Assertions.assertThatThrownBy(db::shares)
				.isInstanceOf(dev.buckethead.shares.SharesNotConfiguredException.class)
				.hasMessageContaining("BUCKETHEAD_SHARE__BUCKET");
		}
		java.nio.file.Files.writeString(settings, "{\"v\":2}");
		try (BucketSQLite db = fixture.start(LiveStorage.FILE)) {
			assertThat(db.tracker().sync().changed()).hasSize(1);
			assertThat(db.tracker().history(settings)).hasSize(2);
		}
	}

	@Test
	void viewTablesAreRecreatedWhenASwitchBringsContentWithoutThem() {
		try (BucketSQLite db = fixture.start(LiveStorage.FILE)) {
			db.branches().create("before-kv");
			db.kv().set("k", "v");
			db.branches().switchTo("before-kv");
			assertThat(db.kv().get("k")).isNull();
			db.kv().set("k", "other");
			assertThat(db.kv().size()).isEqualTo(1);
		}
	}

	@Test
	void generationsRecordReferencesAndGcKeepsWhatRetainedGenerationsUse() throws Exception {
		SnapshotLayout layout = new SnapshotLayout(SnapshotLayout.DEFAULT_SNAPSHOT_KEY);
		try (BucketSQLite db = fixture.start(LiveStorage.FILE, (b) -> b.pageDeltas(false).keepGenerations(1))) {
			execute(db.connection(), "CREATE TABLE blobs (key TEXT)");
			db.viewContext().registerReferenceSource(new BlobsTable());
			execute(db.connection(), "INSERT INTO blobs VALUES ('bh-one')");
			db.forceFlush();
			assertThat(db.viewContext().retainedReferences("blobs")).containsExactly("bh-one");

			db.branches().create("keeper");
			execute(db.connection(), "DELETE FROM blobs");
			execute(db.connection(), "INSERT INTO blobs VALUES ('bh-two')");
			db.forceFlush();
			// main moved on, but branch "keeper" still retains the generation that used bh-one.
			assertThat(db.viewContext().retainedReferences("blobs")).containsExactlyInAnyOrder("bh-one", "bh-two");

			int manifestsBefore = fixture.bucket().list(layout.manifestPrefix()).size();
			SnapshotGc.Report dryRun = db.collectGarbage(Duration.ZERO, true);
			assertThat(fixture.bucket().list(layout.manifestPrefix())).hasSize(manifestsBefore);
			db.branches().delete("keeper");
			assertThat(db.viewContext().retainedReferences("blobs")).containsExactly("bh-two");
			SnapshotGc.Report report = db.collectGarbage(Duration.ZERO, false);
			assertThat(report.objects()).isGreaterThanOrEqualTo(dryRun.objects());
			assertThat(fixture.bucket().list(layout.manifestPrefix())).hasSize(1);
		}
		try (BucketSQLite db = fixture.start(LiveStorage.FILE, EngineFixture.WHOLE_BASES)) {
			assertThat(EngineFixture.count(db.connection(), "SELECT count(*) FROM blobs")).isEqualTo(1);
		}
	}

	@Test
	void gcGracePeriodProtectsRecentObjects() {
		try (BucketSQLite db = fixture.start(LiveStorage.FILE, (b) -> b.keepGenerations(1))) {
			db.kv().set("a", "1");
			db.forceFlush();
			db.kv().set("a", "2");
			db.forceFlush();
			assertThat(db.collectGarbage(Duration.ofHours(1), false).objects()).isZero();
		}
	}

	private static final class BlobsTable implements ReferenceSource {

		@Override
		public String name() {
			return "blobs";
		}

		@Override
		public List<String> referencedKeys(java.sql.Connection consistent) throws java.sql.SQLException {
			List<String> keys = new java.util.ArrayList<>();
			try (var rs = consistent.createStatement().executeQuery("SELECT key FROM blobs")) {
				while (rs.next()) {
					keys.add(rs.getString(1));
				}
			}
			return keys;
		}

	}

}
