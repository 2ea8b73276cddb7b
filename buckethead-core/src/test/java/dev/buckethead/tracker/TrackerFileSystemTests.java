package dev.buckethead.tracker;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicInteger;

import dev.buckethead.BucketSQLite;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/** The real file system's surprises: none of them stops a sync. */
class TrackerFileSystemTests {

	@TempDir
	Path temp;

	Path disk;

	BucketSQLite db;

	@BeforeEach
	void setUp() throws IOException {
		disk = Files.createDirectories(temp.resolve("disk"));
		db = new TrackerFixture(temp.resolve("live")).start();
	}

	@AfterEach
	void tearDown() {
		db.close();
	}

	@Test
	void symbolicLinksAreFollowedOnlyToFilesInsideTheTrackedDirectory() throws IOException {
		Path root = Files.createDirectories(disk.resolve("root"));
		Path inside = Files.writeString(root.resolve("real.txt"), "inside");
		Path outside = Files.writeString(disk.resolve("secret.txt"), "outside");
		Path toInside = Files.createSymbolicLink(root.resolve("alias.txt"), inside);
		Path toOutside = Files.createSymbolicLink(root.resolve("escape.txt"), outside);
		Path toDirectory = Files.createSymbolicLink(root.resolve("loop"), root);
		Path broken = Files.createSymbolicLink(root.resolve("broken.txt"), root.resolve("nothing"));
		LocalFileTracker tracker = TrackerFixture.tracker(db);
		tracker.track(root);

		SyncReport report = tracker.sync();

		assertThat(report.added()).containsExactlyInAnyOrder(inside, toInside);
		assertThat(report.skipped()).containsOnlyKeys(toOutside, toDirectory, broken);
		assertThat(report.skipped().get(toOutside)).contains("leads out of the tracked directory");
		assertThat(report.errors()).isEmpty();
		assertThat(tracker.readAllBytes(toInside, 1)).asString().isEqualTo("inside");
	}

	@Test
	void namesWithSpacesUnicodeAndNewlinesAreTracked() throws IOException {
		Path root = Files.createDirectories(disk.resolve("odd dir"));
		Path spaced = Files.writeString(root.resolve("my file (1).txt"), "spaces");
		Path unicode = Files.writeString(root.resolve("résumé-日本語-🙂.txt"), "unicode");
		Path newline = tryCreate(root.resolve("line\nbreak.txt"), "newline");
		LocalFileTracker tracker = TrackerFixture.tracker(db);
		tracker.track(root);

		SyncReport report = tracker.sync();

		assertThat(report.errors()).isEmpty();
		assertThat(report.added()).contains(spaced, unicode);
		assertThat(tracker.readAllBytes(unicode, 1)).asString().isEqualTo("unicode");
		if (newline != null) {
			assertThat(report.added()).contains(newline);
			assertThat(tracker.history(newline)).singleElement()
				.satisfies((version) -> assertThat(version.path()).isEqualTo(newline));
			Files.delete(newline);
			assertThat(tracker.restore(newline, 1)).hasContent("newline");
		}
	}

	@Test
	void anUnreadableFileIsAnErrorAndTheRestIsSynced() throws IOException {
		Path root = Files.createDirectories(disk.resolve("root"));
		Path locked = Files.writeString(root.resolve("locked.txt"), "locked");
		Path fine = Files.writeString(root.resolve("fine.txt"), "fine");
		Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
		try {
			Assumptions.assumeFalse(Files.isReadable(locked),
					"chmod 000 does not stop this user (root) from reading");
			LocalFileTracker tracker = TrackerFixture.tracker(db);
			tracker.track(root);

			SyncReport report = tracker.sync();

			assertThat(report.added()).containsExactly(fine);
			assertThat(report.errors()).containsOnlyKeys(locked);
			assertThat(report.errors().get(locked)).contains("permission denied");
		}
		finally {
			Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rw-------"));
		}
	}

	@Test
	void aReadRefusedByTheFileSystemIsAnErrorEvenWhenRunningAsRoot() throws IOException {
		Path locked = Files.writeString(disk.resolve("locked.txt"), "locked");
		Path fine = Files.writeString(disk.resolve("fine.txt"), "fine");
		LocalFileTracker tracker = new LocalFileTracker(db.viewContext(), db.files(), TrackerOptions.defaults(),
				(file) -> {
					if (file.equals(locked)) {
						throw new AccessDeniedException(file.toString());
					}
					return ContentHash.of(file);
				});
		tracker.track(disk);

		SyncReport report = tracker.sync();

		assertThat(report.added()).containsExactly(fine);
		assertThat(report.errors()).containsExactly(entry(locked, "cannot read it: permission denied"));
	}

	@Test
	void aFileThatKeepsChangingWhileReadIsAnErrorNotATornVersion() throws IOException {
		Path busy = Files.writeString(disk.resolve("busy.log"), "0");
		Path calm = Files.writeString(disk.resolve("calm.txt"), "calm");
		AtomicInteger reads = new AtomicInteger();
		LocalFileTracker tracker = new LocalFileTracker(db.viewContext(), db.files(), TrackerOptions.defaults(),
				(file) -> {
					String key = ContentHash.of(file);
					if (file.equals(busy)) {
						Files.writeString(busy, "appended " + reads.incrementAndGet());
					}
					return key;
				});
		tracker.track(disk);

		SyncReport report = tracker.sync();

		assertThat(reads).hasValue(3);
		assertThat(report.errors()).containsOnlyKeys(busy);
		assertThat(report.errors().get(busy)).contains("changed while being read, 3 times");
		assertThat(report.added()).containsExactly(calm);
		assertThat(tracker.history(busy)).isEmpty();
	}

	@Test
	void aFileChangedOnceWhileReadIsReadAgainAndItsFinalContentRecorded() throws IOException {
		Path file = Files.writeString(disk.resolve("a.txt"), "before");
		AtomicInteger reads = new AtomicInteger();
		LocalFileTracker tracker = new LocalFileTracker(db.viewContext(), db.files(), TrackerOptions.defaults(),
				(path) -> {
					String key = ContentHash.of(path);
					if (reads.incrementAndGet() == 1) {
						Files.writeString(path, "after, and longer");
					}
					return key;
				});
		tracker.track(file);

		assertThat(tracker.sync().added()).containsExactly(file);

		assertThat(tracker.history(file)).singleElement();
		assertThat(tracker.readAllBytes(file, 1)).asString().isEqualTo("after, and longer");
	}

	@Test
	void aFileDeletedDuringTheSyncIsMissing() throws IOException {
		Path file = Files.writeString(disk.resolve("a.txt"), "one");
		TrackerFixture.tracker(db).track(file);
		TrackerFixture.tracker(db).sync();
		Files.writeString(file, "two, longer");
		LocalFileTracker deleting = new LocalFileTracker(db.viewContext(), db.files(), TrackerOptions.defaults(),
				(path) -> {
					String key = ContentHash.of(path);
					Files.delete(path);
					return key;
				});

		SyncReport report = deleting.sync();

		assertThat(report.missing()).containsExactly(file);
		assertThat(report.errors()).isEmpty();
		assertThat(deleting.history(file)).hasSize(1);
	}

	private static Path tryCreate(Path file, String content) {
		try {
			return Files.writeString(file, content);
		}
		catch (IOException | java.nio.file.InvalidPathException ex) {
			return null; // This file system does not allow the name.
		}
	}

}
