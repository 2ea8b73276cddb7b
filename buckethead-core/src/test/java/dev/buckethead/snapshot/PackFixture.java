package dev.buckethead.snapshot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.buckethead.bucket.BucketClient;
import dev.buckethead.bucket.CountingBucketClient;
import dev.buckethead.live.FileImages;
import org.jspecify.annotations.Nullable;

/**
 * Writers and readers of one bucket on real SQLite files: a generation is written from a file, restored into
 * another, and compared byte for byte. Small chunks and packs, so that a database of a few hundred KiB spans
 * several packs.
 */
final class PackFixture implements AutoCloseable {

	static final int CHUNK = 16 * 1024;

	static final int PACK = 100 * 1024;

	final CountingBucketClient bucket;

	final SnapshotStore store;

	final BranchHeads heads;

	final ExecutorService io = Executors.newFixedThreadPool(4);

	private final Path directory;

	PackFixture(BucketClient bucket, Path directory) {
		this.bucket = new CountingBucketClient(bucket);
		this.store = new SnapshotStore(this.bucket, new SnapshotLayout(SnapshotLayout.DEFAULT_SNAPSHOT_KEY));
		this.heads = new BranchHeads(store, 10, Clock.systemUTC());
		this.directory = directory;
	}

	SnapshotLayout layout() {
		return store.layout();
	}

	SnapshotWriter writer(SnapshotWriter.Packing packing) {
		return new SnapshotWriter(store, new ChunkCodec(1), CHUNK, io, 8, packing);
	}

	SnapshotWriter writer() {
		return writer(new SnapshotWriter.Packing(PACK, 2));
	}

	SnapshotReader reader() {
		return new SnapshotReader(store, new ChunkCodec(1), io);
	}

	/** Writes {@code file} as a new generation after {@code previous} (without moving a head). */
	SnapshotWriter.Written write(SnapshotWriter writer, Path file, @Nullable Manifest previous) {
		CollectedReferences references = new CollectedReferences(List.of());
		try (var image = FileImages.of(file, references)) {
			Instant now = Instant.now();
			return writer.write(image, references, previous, "main", GenerationIds.next(now), now);
		}
	}

	/** Writes and makes it the head of main. */
	Manifest commit(SnapshotWriter writer, Path file) {
		Manifest previous = heads.read("main").map((head) -> store.readManifest(head.pointer().generation())).orElse(null);
		Manifest manifest = write(writer, file, previous).manifest();
		heads.advance("main", manifest.generation(), heads.read("main").orElse(null));
		return manifest;
	}

	/** Restores {@code manifest} and returns the file's bytes. */
	byte[] restore(Manifest manifest) throws Exception {
		Path restored = reader().restore(manifest, directory.resolve("restored")).file();
		try {
			return Files.readAllBytes(restored);
		}
		finally {
			Files.delete(restored);
		}
	}

	/** A database of {@code rows} rows of 1000 random (incompressible) bytes. */
	Path database(String name, int rows) throws SQLException {
		Path file = directory.resolve(name);
		sql(file, "CREATE TABLE t (id INTEGER PRIMARY KEY, payload BLOB)",
				"WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < " + rows + ") "
						+ "INSERT INTO t (payload) SELECT randomblob(1000) FROM s");
		return file;
	}

	static void sql(Path file, String... statements) throws SQLException {
		try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
				Statement statement = connection.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
	}

	@Override
	public void close() {
		io.shutdownNow();
		bucket.close();
	}

}
