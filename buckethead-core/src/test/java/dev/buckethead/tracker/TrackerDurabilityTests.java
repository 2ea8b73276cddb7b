package dev.buckethead.tracker;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.buckethead.BucketSQLite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Version metadata lives in the database: it survives restarts and follows branches. */
class TrackerDurabilityTests {

	@TempDir
	Path temp;

	@Test
	void historySurvivesARestartOnTheSameBucket() throws Exception {
		TrackerFixture fixture = new TrackerFixture(temp.resolve("live"));
		Path file = Files.writeString(temp.resolve("notes.txt"), "first");
		try (BucketSQLite db = fixture.start()) {
			LocalFileTracker tracker = TrackerFixture.tracker(db);
			tracker.track(file);
			tracker.sync();
			Files.writeString(file, "second, longer");
			tracker.sync();
		}
		Files.writeString(file, "third");

		try (BucketSQLite db = fixture.start()) {
			LocalFileTracker tracker = TrackerFixture.tracker(db);
			assertThat(tracker.roots()).extracting(TrackedRoot::path).containsExactly(file);
			assertThat(tracker.history(file)).extracting(FileVersion::version).containsExactly(1, 2);
			assertThat(tracker.readAllBytes(file, 1)).asString().isEqualTo("first");
			assertThat(tracker.sync().changed()).containsExactly(file);
			assertThat(tracker.history(file)).hasSize(3);
		}
	}

	@Test
	void historyFollowsABranchSwitch() throws Exception {
		TrackerFixture fixture = new TrackerFixture(temp.resolve("live"));
		Path file = Files.writeString(temp.resolve("config.yaml"), "replicas: 1");
		try (BucketSQLite db = fixture.start()) {
			LocalFileTracker tracker = TrackerFixture.tracker(db);
			tracker.track(file);
			tracker.sync();
			db.branches().create("experiment");
			db.branches().switchTo("experiment");
			Files.writeString(file, "replicas: 12");
			assertThat(tracker.sync().changed()).containsExactly(file);
			assertThat(tracker.history(file)).hasSize(2);

			db.branches().switchTo("main");

			assertThat(tracker.history(file)).extracting(FileVersion::version).containsExactly(1);
			// main last saw "replicas: 1", so the file on disk is a change on main too.
			assertThat(tracker.sync().changed()).containsExactly(file);
		}
		try (BucketSQLite db = fixture.start((builder) -> builder.branch("experiment"))) {
			LocalFileTracker tracker = TrackerFixture.tracker(db);
			assertThat(tracker.readAllBytes(file, 2)).asString().isEqualTo("replicas: 12");
		}
	}

	@Test
	void tablesAreCreatedAgainOnABranchWithoutThem() throws Exception {
		TrackerFixture fixture = new TrackerFixture(temp.resolve("live"));
		Path file = Files.writeString(temp.resolve("a.txt"), "a");
		try (BucketSQLite db = fixture.start()) {
			db.branches().create("bare");
			LocalFileTracker tracker = TrackerFixture.tracker(db);
			tracker.track(file);
			tracker.sync();

			db.branches().switchTo("bare");

			assertThat(tracker.roots()).isEmpty();
			assertThat(tracker.history(file)).isEmpty();
		}
	}

}
