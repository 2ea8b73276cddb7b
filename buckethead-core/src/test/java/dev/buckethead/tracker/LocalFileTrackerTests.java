package dev.buckethead.tracker;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;

import dev.buckethead.BucketSQLite;
import dev.buckethead.bucket.IoCounters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The tracker's versions on a real engine and the real S3 test server. */
class LocalFileTrackerTests {

	@TempDir
	Path temp;

	Path disk;

	TrackerFixture fixture;

	BucketSQLite db;

	@BeforeEach
	void setUp() throws Exception {
		disk = Files.createDirectories(temp.resolve("disk"));
		fixture = new TrackerFixture(temp.resolve("live"));
		db = fixture.start();
	}

	@AfterEach
	void tearDown() {
		db.close();
	}

	@Test
	void syncRecordsEachNewContentAndRestoresAnOldOneByteForByte() throws Exception {
		LocalFileTracker tracker = TrackerFixture.tracker(db);
		Path settings = write("settings.json", "{\"mode\": \"blue\"}");
		tracker.track(settings);
		assertThat(tracker.sync().added()).containsExactly(settings);
		byte[] first = Files.readAllBytes(settings);
		write("settings.json", "{\"mode\": \"green\", \"size\": 3}");

		SyncReport report = tracker.sync();

		assertThat(report.changed()).containsExactly(settings);
		assertThat(report.added()).isEmpty();
		List<FileVersion> history = tracker.history(settings);
		assertThat(history).extracting(FileVersion::version).containsExactly(1, 2);
		assertThat(history.get(0).key()).isEqualTo(db.files().put(first));
		assertThat(history.get(1).size()).isEqualTo(Files.size(settings));
		assertThat(history.get(1).modifiedAt()).isEqualTo(Files.getLastModifiedTime(settings).toInstant());
		assertThat(tracker.readAllBytes(settings, 2)).isEqualTo(Files.readAllBytes(settings));
		try (InputStream old = tracker.open(settings, 1)) {
			assertThat(old.readAllBytes()).isEqualTo(first);
		}

		assertThat(tracker.restore(settings, 1)).isEqualTo(settings);

		assertThat(Files.readAllBytes(settings)).isEqualTo(first);
		assertThat(Files.list(disk)).containsExactly(settings);
		assertThat(tracker.sync().changed()).containsExactly(settings);
		assertThat(tracker.history(settings)).extracting(FileVersion::key)
			.containsExactly(history.get(0).key(), history.get(1).key(), history.get(0).key());
	}

	@Test
	void unchangedSizeAndModificationTimeAreTrustedWithoutReadingOrAskingTheBucket() throws Exception {
		LocalFileTracker tracker = TrackerFixture.tracker(db);
		Path file = write("a.txt", "aaaa");
		tracker.track(file);
		tracker.sync();
		FileTime modified = Files.getLastModifiedTime(file);
		write("a.txt", "bbbb");
		Files.setLastModifiedTime(file, modified);
		IoCounters before = db.ioCounters();

		assertThat(tracker.sync().unchanged()).containsExactly(file);

		assertThat(db.ioCounters().minus(before).totalRequests()).isZero();
		LocalFileTracker suspicious = TrackerFixture.tracker(db, TrackerOptions.defaults()
			.withTrustModificationTime(false));
		assertThat(suspicious.sync().changed()).containsExactly(file);
		assertThat(suspicious.readAllBytes(file, 2)).asString(StandardCharsets.UTF_8).isEqualTo("bbbb");
	}

	@Test
	void aTouchedFileWithTheSameContentIsUnchangedAndCostsNoBucketRequest() throws Exception {
		LocalFileTracker tracker = TrackerFixture.tracker(db, TrackerOptions.defaults()
			.withTrustModificationTime(false));
		Path file = write("a.txt", "same");
		tracker.track(file);
		tracker.sync();
		Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2030-01-01T00:00:00Z")));
		IoCounters before = db.ioCounters();

		assertThat(tracker.sync().unchanged()).containsExactly(file);

		assertThat(db.ioCounters().minus(before).totalRequests()).isZero();
		assertThat(tracker.history(file)).hasSize(1);
	}

	@Test
	void directoriesAreTrackedRecursivelyThroughTheirFilter() throws Exception {
		LocalFileTracker tracker = TrackerFixture.tracker(db);
		Path json = write("conf/app.json", "{}");
		Path nested = write("conf/deep/er/db.json", "{}");
		write("conf/app.log", "noise");
		write("conf/node_modules/lib.json", "{}");
		Path yaml = write("conf/k8s/deploy.yaml", "kind: Deployment");
		write("conf/deploy.yaml", "top-level yaml is not under k8s/");
		tracker.track(disk.resolve("conf"),
				PathFilter.all().including("*.json", "k8s/*.yaml").excluding("node_modules"));

		SyncReport report = tracker.sync();

		assertThat(report.added()).containsExactlyInAnyOrder(json, nested, yaml);
		assertThat(report.errors()).isEmpty();
		assertThat(tracker.roots()).singleElement().satisfies((root) -> {
			assertThat(root.path()).isEqualTo(disk.resolve("conf"));
			assertThat(root.filter()).isEqualTo(PathFilter.all().including("*.json", "k8s/*.yaml")
				.excluding("node_modules"));
		});
	}

	@Test
	void aDeletedFileIsMissingAndKeepsItsHistory() throws Exception {
		LocalFileTracker tracker = TrackerFixture.tracker(db);
		Path kept = write("dir/kept.txt", "kept");
		Path gone = write("dir/gone.txt", "gone");
		tracker.track(disk.resolve("dir"));
		tracker.sync();
		Files.delete(gone);

		SyncReport report = tracker.sync();

		assertThat(report.missing()).containsExactly(gone);
		assertThat(report.unchanged()).containsExactly(kept);
		assertThat(tracker.restore(gone, 1)).hasContent("gone");
	}

	@Test
	void untrackStopsSyncingButKeepsHistory() throws Exception {
		LocalFileTracker tracker = TrackerFixture.tracker(db);
		Path file = write("dir/a.txt", "one");
		tracker.track(disk.resolve("dir"));
		tracker.sync();

		assertThat(tracker.untrack(disk.resolve("dir"))).isTrue();
		Files.delete(file);

		assertThat(tracker.sync()).satisfies((report) -> {
			assertThat(report.missing()).isEmpty();
			assertThat(report.added()).isEmpty();
		});
		assertThat(tracker.untrack(disk.resolve("dir"))).isFalse();
		assertThat(tracker.history(file)).hasSize(1);
	}

	@Test
	void pathsAreNormalizedAbsolutePaths() throws Exception {
		LocalFileTracker tracker = TrackerFixture.tracker(db);
		Path file = write("a/b.txt", "b");
		tracker.track(disk.resolve("a/../a/./b.txt"));
		tracker.sync();

		assertThat(tracker.roots()).extracting(TrackedRoot::path).containsExactly(file);
		assertThat(tracker.history(disk.resolve("a/x/../b.txt"))).hasSize(1);
	}

	@Test
	void anUnknownVersionIsAClearError() throws Exception {
		LocalFileTracker tracker = TrackerFixture.tracker(db);
		Path file = write("a.txt", "a");
		tracker.track(file);
		tracker.sync();

		assertThatExceptionOfType(VersionNotFoundException.class).isThrownBy(() -> tracker.restore(file, 2))
			.withMessage("No version 2 of " + file + " is tracked: its versions are 1 to 1");
		assertThatExceptionOfType(VersionNotFoundException.class)
			.isThrownBy(() -> tracker.open(disk.resolve("never.txt"), 1))
			.withMessageEndingWith("it has never been synced");
	}

	@Test
	void anInvalidGlobIsAClearError() {
		assertThatExceptionOfType(TrackerException.class).isThrownBy(() -> PathFilter.all().including("a[b"))
			.withMessageStartingWith("Invalid glob 'a[b': ");
	}

	private Path write(String relative, String content) throws Exception {
		Path file = disk.resolve(relative);
		Files.createDirectories(file.getParent());
		Files.writeString(file, content);
		return file;
	}

}
