package dev.buckethead.snapshot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import dev.buckethead.bucket.IoCounters;
import dev.buckethead.bucket.ObjectInfo;
import dev.buckethead.bucket.TestBuckets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Writing chunks into packs and restoring them, on the real S3 test server and real SQLite files. */
class PackedSnapshotsTest {

	@TempDir
	Path temp;

	private PackFixture fixture;

	@BeforeEach
	void createFixture() {
		fixture = new PackFixture(TestBuckets.newS3Bucket("packs"), temp);
	}

	@AfterEach
	void closeFixture() {
		fixture.close();
	}

	@Test
	void aFirstWritePacksEveryChunkInDatabaseOrderAndRestoresByteForByte() throws Exception {
		Path file = fixture.database("first.db", 600);
		SnapshotWriter.Written written = fixture.write(fixture.writer(), file, null);
		Manifest manifest = written.manifest();

		assertThat(manifest.format()).isEqualTo(Manifest.FORMAT_PACKS);
		assertThat(manifest.chunks()).allSatisfy((chunk) -> assertThat(chunk.location()).isNotNull());
		List<ObjectInfo> packs = fixture.bucket.list(fixture.layout().packPrefix());
		assertThat(packs).hasSize(written.objectsUploaded()).hasSizeGreaterThan(3);
		assertThat(packs).allSatisfy((pack) -> assertThat(pack.size()).isLessThanOrEqualTo(PackFixture.PACK));
		assertThat(fixture.bucket.list(fixture.layout().chunkPrefix())).isEmpty();
		// Each pack holds a run of consecutive chunks, back to back, and a chunk's frame ends where the next begins.
		for (int i = 1; i < manifest.chunks().size(); i++) {
			ChunkLocation before = manifest.chunks().get(i - 1).location();
			ChunkLocation location = manifest.chunks().get(i).location();
			assertThat(location.offset()).isEqualTo(location.pack().equals(before.pack()) ? before.end() : 0);
		}
		Set<String> packIds = packs.stream().map((pack) -> fixture.layout().packIdOfKey(pack.key())).collect(Collectors.toSet());
		assertThat(manifest.chunks().stream().map((chunk) -> chunk.location().pack()).collect(Collectors.toSet()))
			.isEqualTo(packIds);
		assertThat(packIds).allSatisfy((id) -> assertThat(id).startsWith(manifest.generation() + "/"));
		assertThat(written.bytesUploaded()).isEqualTo(packs.stream().mapToLong(ObjectInfo::size).sum());
		// The format as docs/bucket-layout.md documents it.
		ChunkRef first = manifest.chunks().get(0);
		assertThat(new String(fixture.bucket.get(fixture.layout().manifestKey(manifest.generation())).orElseThrow().data(),
				java.nio.charset.StandardCharsets.UTF_8)).contains("\"format\":2,")
			.contains("{\"sha256\":\"" + first.sha256() + "\",\"length\":" + PackFixture.CHUNK + ",\"location\":{\"pack\":\""
					+ first.location().pack() + "\",\"offset\":0,\"size\":" + first.location().size() + "}}");

		assertThat(fixture.restore(manifest)).isEqualTo(Files.readAllBytes(file));
	}

	@Test
	void aFirstWriteMakesOnePutPerPackAndOneForTheManifest() throws Exception {
		Path file = fixture.database("puts.db", 600);
		IoCounters before = fixture.bucket.counters();
		SnapshotWriter.Written written = fixture.write(fixture.writer(), file, null);
		IoCounters cost = fixture.bucket.counters().minus(before);
		assertThat(cost.puts()).isEqualTo(written.objectsUploaded() + 1);
		assertThat(written.chunksUploaded()).isGreaterThan(5 * written.objectsUploaded());
		assertThat(cost.gets() + cost.heads() + cost.lists()).isZero();
	}

	@Test
	void aLaterWritePacksOnlyTheNewChunksAndReferencesTheOthersWhereTheyAre() throws Exception {
		Path file = fixture.database("later.db", 600);
		SnapshotWriter writer = fixture.writer();
		Manifest first = fixture.write(writer, file, null).manifest();
		byte[] firstBytes = Files.readAllBytes(file);
		PackFixture.sql(file, "UPDATE t SET payload = randomblob(1000) WHERE id IN (10, 11, 300)");

		SnapshotWriter.Written written = fixture.write(writer, file, first);
		Manifest second = written.manifest();

		assertThat(written.objectsUploaded()).isEqualTo(1);
		assertThat(written.chunksUploaded()).isBetween(2, 4);
		Set<ChunkRef> old = new HashSet<>(first.chunks());
		List<ChunkRef> fresh = second.chunks().stream().filter((chunk) -> !old.contains(chunk)).toList();
		assertThat(fresh).hasSize(written.chunksUploaded())
			.allSatisfy((chunk) -> assertThat(chunk.location().pack()).startsWith(second.generation() + "/"));
		assertThat(second.chunks().size() - fresh.size()).isEqualTo(written.chunksReused());
		assertThat(fixture.restore(second)).isEqualTo(Files.readAllBytes(file));
		assertThat(fixture.restore(first)).isEqualTo(firstBytes);
	}

	@Test
	void aRestoreReadsEachPackWithOneRangeGet() throws Exception {
		Path file = fixture.database("gets.db", 600);
		SnapshotWriter writer = fixture.writer();
		Manifest first = fixture.write(writer, file, null).manifest();
		PackFixture.sql(file, "UPDATE t SET payload = randomblob(1000) WHERE id IN (10, 300)");
		Manifest second = fixture.write(writer, file, first).manifest();
		Set<String> packs = second.chunks().stream().map((chunk) -> chunk.location().pack()).collect(Collectors.toSet());

		IoCounters before = fixture.bucket.counters();
		fixture.restore(second);
		IoCounters cost = fixture.bucket.counters().minus(before);

		// The old packs have gaps where the replaced chunks were: each gap is one chunk, read through (< 1 MiB).
		assertThat(cost.gets()).isEqualTo(packs.size());
		assertThat(cost.puts() + cost.heads() + cost.lists()).isZero();
	}

	@Test
	void aChunkThatRepeatsInTheDatabaseIsStoredOnceAndWrittenAtEveryOffset() throws Exception {
		Path file = temp.resolve("zeros.db");
		// secure_delete zeroes freed pages, so the free list is a run of identical all-zero pages (= chunks here).
		PackFixture.sql(file, "PRAGMA page_size = 4096", "PRAGMA secure_delete = ON",
				"CREATE TABLE t (id INTEGER PRIMARY KEY, payload BLOB)",
				"WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 100) "
						+ "INSERT INTO t (payload) SELECT randomblob(3000) FROM s",
				"DELETE FROM t WHERE id > 10");
		SnapshotWriter writer = new SnapshotWriter(fixture.store, new ChunkCodec(1), 4096, fixture.io, 8,
				new SnapshotWriter.Packing(PackFixture.PACK, 2));
		SnapshotWriter.Written written = fixture.write(writer, file, null);
		List<ChunkRef> chunks = written.manifest().chunks();

		long distinct = new LinkedHashSet<>(chunks).size();
		assertThat(distinct).isLessThan(chunks.size() - 50);
		assertThat(written.chunksUploaded()).isEqualTo(distinct);
		assertThat(written.chunksReused()).isEqualTo(chunks.size() - distinct);
		assertThat(chunks.stream().map(ChunkRef::location).distinct().count()).isEqualTo(distinct);
		assertThat(fixture.restore(written.manifest())).isEqualTo(Files.readAllBytes(file));
	}

	@Test
	void writingTheSameBytesAgainMakesNoNewGeneration() throws Exception {
		Path file = fixture.database("same.db", 100);
		SnapshotWriter writer = fixture.writer();
		Manifest first = fixture.write(writer, file, null).manifest();
		IoCounters before = fixture.bucket.counters();
		SnapshotWriter.Written again = fixture.write(writer, file, first);
		assertThat(again.manifest()).isSameAs(first);
		assertThat(fixture.bucket.counters().minus(before).totalRequests()).isZero();
	}

}
