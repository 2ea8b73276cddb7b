package dev.buckethead.engine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.buckethead.BucketSQLite;
import dev.buckethead.files.FileStoreOptions;
import dev.buckethead.live.LiveStorage;
import dev.buckethead.snapshot.RestorePoint;
import dev.buckethead.snapshot.SnapshotGc;
import dev.buckethead.snapshot.SnapshotInventory.Headless;
import dev.buckethead.snapshot.SnapshotLayout;
import dev.buckethead.snapshot.SnapshotRepository;
import org.junit.jupiter.api.Test;

import static dev.buckethead.engine.EngineFixture.execute;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * gc never takes a missing or unreadable head for "nothing retains this": the branch's manifests, their chunks and
 * the file blobs they refer to stay until gc is told to delete them.
 */
class HeadlessGcTest extends EngineTest {

	private static final SnapshotLayout LAYOUT = new SnapshotLayout(SnapshotLayout.DEFAULT_SNAPSHOT_KEY);

	@Test
	void aBranchWhoseHeadIsMissingKeepsItsManifestsChunksAndBlobsUntilToldOtherwise() throws Exception {
		String sideGeneration;
		String blob;
		try (BucketSQLite db = start()) {
			execute(db.connection(), "CREATE TABLE t (x)");
			db.branches().create("side");
			db.branches().switchTo("side");
			blob = db.files().put("only on side".getBytes());
			execute(db.connection(), "INSERT INTO t VALUES ('side')");
			sideGeneration = db.forceFlush().generation();
			db.branches().switchTo("main");
		}
		fixture.bucket().delete(LAYOUT.headKey("side"));

		try (BucketSQLite db = start()) {
			SnapshotGc.Report report = db.collectGarbage(Duration.ZERO, false);
			assertThat(report.keptHeadless()).extracting((h) -> h.entry().generation()).contains(sideGeneration);
			assertThat(report.keptHeadless()).extracting(Headless::reason)
				.contains("the head of branch 'side' is missing");
			assertThat(report.manifests().unreferenced()).isEmpty();
			assertThat(db.files().gc().deleted()).doesNotContain(blob);
			assertThat(fixture.bucket().head("files/" + blob)).isPresent();
		}
		try (SnapshotRepository repository = repository()) {
			Path out = temp.resolve("side.db");
			repository.restoreTo("side", RestorePoint.generation(sideGeneration), out, false);
			assertThat(out).exists();
		}

		try (BucketSQLite db = start()) {
			SnapshotGc.Report report = db.collectGarbage(Duration.ZERO, false, true);
			assertThat(report.keptHeadless()).isEmpty();
			assertThat(report.manifests().unreferenced()).extracting((o) -> o.key())
				.contains(LAYOUT.manifestKey(sideGeneration));
			assertThat(db.files().gc().deleted()).contains(blob);
		}
	}

	@Test
	void anUnreadableHeadDoesNotFailGcAndKeepsWhatItMayRetain() throws Exception {
		String sideGeneration;
		try (BucketSQLite db = start()) {
			execute(db.connection(), "CREATE TABLE t (x)");
			db.branches().create("side");
			db.branches().switchTo("side");
			execute(db.connection(), "INSERT INTO t VALUES ('side')");
			sideGeneration = db.forceFlush().generation();
			db.branches().switchTo("main");
		}
		fixture.bucket().put(LAYOUT.headKey("side"), "{\"format\":".getBytes());
		try (BucketSQLite db = start()) {
			// A flush on another branch prunes nothing while a head is unreadable, and does not fail.
			for (int i = 0; i < 3; i++) {
				execute(db.connection(), "INSERT INTO t VALUES (" + i + ")");
				db.forceFlush();
			}
			SnapshotGc.Report report = db.collectGarbage(Duration.ZERO, true);
			assertThat(report.keptHeadless()).extracting((h) -> h.entry().generation()).contains(sideGeneration);
			assertThat(report.keptHeadless()).extracting(Headless::reason)
				.contains("the head of branch 'side' is unreadable");
			assertThat(report.manifests().unreferenced()).isEmpty();
		}
	}

	private BucketSQLite start() {
		return fixture.start(LiveStorage.FILE, (b) -> b.keepGenerations(2)
			.fileStoreOptions(FileStoreOptions.defaults().withGcGracePeriod(Duration.ZERO)));
	}

	private SnapshotRepository repository() {
		return new SnapshotRepository(fixture.bucket(), SnapshotLayout.DEFAULT_SNAPSHOT_KEY, 10, List.of());
	}

}
