package dev.buckethead.snapshot;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import dev.buckethead.BucketSQLite;
import dev.buckethead.bucket.LocalDirectoryBucketClient;
import dev.buckethead.live.LiveStorage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bucket that BucketHead wrote before packs existed (test resource {@code buckets/format1-9b7546a}, made by that
 * version's code; its README says how) restores every branch and generation, and takes new flushes in format 2.
 */
class WrittenByAnEarlierVersionTest {

	@TempDir
	Path temp;

	private LocalDirectoryBucketClient bucket;

	private SnapshotStore store;

	@BeforeEach
	void copyTheBucket() throws Exception {
		Path source = resource("buckets/format1-9b7546a");
		Path target = temp.resolve("bucket");
		try (Stream<Path> files = Files.walk(source)) {
			for (Path file : files.filter(Files::isRegularFile).filter((f) -> !f.endsWith("README.md")).toList()) {
				Path copy = target.resolve(source.relativize(file).toString());
				Files.createDirectories(copy.getParent());
				Files.copy(file, copy);
			}
		}
		bucket = new LocalDirectoryBucketClient(target);
		store = new SnapshotStore(bucket, new SnapshotLayout(SnapshotLayout.DEFAULT_SNAPSHOT_KEY));
	}

	@Test
	void everyBranchAndGenerationRestores() throws Exception {
		List<String> retained = store.readHead("main").orElseThrow().pointer().retained();
		assertThat(retained).hasSize(2);
		assertThat(store.readManifest(retained.get(0)).format()).isEqualTo(Manifest.FORMAT_CHUNK_OBJECTS);
		try (BucketSQLite db = engine((b) -> {
		})) {
			assertThat(text(db, "SELECT count(*) || ':' || (SELECT payload FROM t WHERE id = 10) FROM t"))
				.isEqualTo("400:changed 10");
		}
		try (BucketSQLite db = engine((b) -> b.restorePoint(RestorePoint.generation(retained.get(1))))) {
			assertThat(text(db, "SELECT payload FROM t WHERE id = 10")).isEqualTo("K".repeat(500) + "10");
		}
		try (BucketSQLite db = engine((b) -> b.branch("feature"))) {
			assertThat(text(db, "SELECT count(*) || ':' || (SELECT payload FROM t WHERE id = 1000) FROM t"))
				.isEqualTo("401:on feature");
		}
	}

	@Test
	void theNextFlushWritesFormatTwoAndTheOldGenerationsStillRestoreAfterGc() throws Exception {
		String oldest = store.readHead("main").orElseThrow().pointer().retained().get(1);
		try (BucketSQLite db = engine((b) -> {
		})) {
			try (Statement statement = db.connection().createStatement()) {
				statement.execute("INSERT INTO t VALUES (2000, 'after the upgrade')");
			}
			assertThat(store.readManifest(db.forceFlush().generation()).format()).isEqualTo(Manifest.FORMAT_PACKS);
		}
		SnapshotGc.Report report = new SnapshotGc(store, new BranchHeads(store, 10, Clock.systemUTC()), Clock.systemUTC())
			.collect(Duration.ZERO, false);
		assertThat(report.chunks().unreferenced()).isEmpty();
		try (BucketSQLite db = engine((b) -> {
		})) {
			assertThat(text(db, "SELECT count(*) || ':' || (SELECT payload FROM t WHERE id = 2000) FROM t"))
				.isEqualTo("401:after the upgrade");
		}
		try (BucketSQLite db = engine((b) -> b.restorePoint(RestorePoint.generation(oldest)))) {
			assertThat(text(db, "SELECT count(*) FROM t")).isEqualTo("400");
		}
	}

	private BucketSQLite engine(Consumer<BucketSQLite.Builder> customizer) {
		BucketSQLite.Builder builder = BucketSQLite.builder()
			.bucket(bucket)
			.storage(LiveStorage.FILE)
			.directory(temp.resolve("live"))
			.flushInterval(Duration.ZERO)
			.chunkSize(16 * 1024);
		customizer.accept(builder);
		return builder.build().start();
	}

	private static String text(BucketSQLite db, String sql) throws Exception {
		try (Statement statement = db.connection().createStatement(); ResultSet rs = statement.executeQuery(sql)) {
			rs.next();
			return rs.getString(1);
		}
	}

	private static Path resource(String name) throws URISyntaxException {
		return Path.of(WrittenByAnEarlierVersionTest.class.getClassLoader().getResource(name).toURI());
	}

}
