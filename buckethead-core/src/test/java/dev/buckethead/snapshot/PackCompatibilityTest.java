package dev.buckethead.snapshot;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;

import dev.buckethead.BucketSQLite;
import dev.buckethead.bucket.TestBuckets;
import dev.buckethead.live.LiveStorage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Buckets written before packs (manifest format 1, one object per chunk) keep restoring, are upgraded to packs by
 * the next write, and keep their chunk objects exactly as long as a format-1 generation is retained.
 */
class PackCompatibilityTest {

	@TempDir
	Path temp;

	private PackFixture fixture;

	@BeforeEach
	void createFixture() {
		fixture = new PackFixture(TestBuckets.newS3Bucket("compat"), temp);
	}

	@AfterEach
	void closeFixture() {
		fixture.close();
	}

	@Test
	void aFormatOneGenerationRestoresAndTheNextWritePacksEveryChunk() throws Exception {
		Path file = fixture.database("old.db", 300);
		Manifest old = fixture.write(fixture.writer(SnapshotWriter.Packing.CHUNK_OBJECTS), file, null).manifest();
		String json = new String(fixture.bucket.get(fixture.layout().manifestKey(old.generation())).orElseThrow().data(),
				StandardCharsets.UTF_8);
		assertThat(json).contains("\"format\":1").doesNotContain("location");
		assertThat(fixture.bucket.list(fixture.layout().chunkPrefix())).hasSize(old.chunks().size());
		assertThat(fixture.bucket.list(fixture.layout().packPrefix())).isEmpty();
		assertThat(fixture.restore(old)).isEqualTo(Files.readAllBytes(file));

		PackFixture.sql(file, "UPDATE t SET payload = randomblob(1000) WHERE id = 5");
		SnapshotWriter.Written upgraded = fixture.write(fixture.writer(), file, old);

		assertThat(upgraded.manifest().format()).isEqualTo(Manifest.FORMAT_PACKS);
		assertThat(upgraded.manifest().chunks()).allSatisfy((chunk) -> assertThat(chunk.location()).isNotNull());
		assertThat(upgraded.chunksReused()).isZero();
		assertThat(fixture.restore(upgraded.manifest())).isEqualTo(Files.readAllBytes(file));
	}

	@Test
	void gcKeepsChunkObjectsWhileAFormatOneGenerationIsRetainedAndOnlyThen() throws Exception {
		Path file = fixture.database("gc.db", 300);
		fixture.commit(fixture.writer(SnapshotWriter.Packing.CHUNK_OBJECTS), file);
		PackFixture.sql(file, "UPDATE t SET payload = randomblob(1000) WHERE id = 5");
		Manifest current = fixture.commit(fixture.writer(), file);
		SnapshotGc gc = new SnapshotGc(fixture.store, fixture.heads, Clock.systemUTC());

		SnapshotGc.Report both = gc.collect(Duration.ZERO, false);
		assertThat(both.chunks().unreferenced()).isEmpty();
		assertThat(both.packs().unreferenced()).isEmpty();
		assertThat(both.manifests().unreferenced()).isEmpty();

		new BranchHeads(fixture.store, 1, Clock.systemUTC()).advance("main", current.generation(),
				fixture.heads.read("main").orElseThrow());
		int chunkObjects = fixture.bucket.list(fixture.layout().chunkPrefix()).size();
		SnapshotGc.Report report = gc.collect(Duration.ZERO, false);

		assertThat(report.chunks().unreferenced()).hasSize(chunkObjects);
		assertThat(report.packs().unreferenced()).isEmpty();
		assertThat(fixture.bucket.list(fixture.layout().chunkPrefix())).isEmpty();
		assertThat(fixture.restore(current)).isEqualTo(Files.readAllBytes(file));
	}

	@Test
	void anEngineStartsFromAFormatOneBucketAndItsNextFlushUpgradesIt() throws Exception {
		Path file = fixture.database("engine.db", 200);
		fixture.commit(fixture.writer(SnapshotWriter.Packing.CHUNK_OBJECTS), file);
		try (BucketSQLite db = engine()) {
			assertThat(count(db, "SELECT count(*) FROM t")).isEqualTo(200);
			try (Statement statement = db.connection().createStatement()) {
				statement.execute("INSERT INTO t (payload) VALUES (x'01')");
			}
			String generation = db.forceFlush().generation();
			assertThat(fixture.store.readManifest(generation).format()).isEqualTo(Manifest.FORMAT_PACKS);
		}
		try (BucketSQLite db = engine()) {
			assertThat(count(db, "SELECT count(*) FROM t")).isEqualTo(201);
		}
	}

	private BucketSQLite engine() {
		return BucketSQLite.builder()
			.bucket(fixture.bucket)
			.storage(LiveStorage.FILE)
			.directory(temp.resolve("live"))
			.flushInterval(Duration.ZERO)
			.chunkSize(PackFixture.CHUNK)
			.build()
			.start();
	}

	private static long count(BucketSQLite db, String sql) throws Exception {
		Connection connection = db.connection();
		try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
			rs.next();
			return rs.getLong(1);
		}
	}

}
