package dev.buckethead.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import dev.buckethead.BucketSQLite;
import dev.buckethead.bucket.BucketClient;
import dev.buckethead.bucket.CountingBucketClient;
import dev.buckethead.bucket.TestBuckets;
import dev.buckethead.live.LiveStorage;

/** Builds engines on one bucket and runs SQL on them, so the tests read as the scenario they check. */
final class EngineFixture {

	private final CountingBucketClient bucket;

	private final Path liveDirectory;

	EngineFixture(BucketClient bucket, Path liveDirectory) {
		this.bucket = new CountingBucketClient(bucket);
		this.liveDirectory = liveDirectory;
	}

	/** The bucket, counting every request the engines make. */
	CountingBucketClient bucket() {
		return bucket;
	}

	/** Engines on a fresh bucket of the real S3 test server. */
	static EngineFixture onS3(Path liveDirectory) {
		return new EngineFixture(TestBuckets.newS3Bucket("engine"), liveDirectory);
	}

	/** An engine with the timer off (tests flush explicitly), started. */
	BucketSQLite start(LiveStorage storage) {
		return start(storage, (builder) -> {
		});
	}

	/**
	 * Every flush a base (a manifest): for tests of what a base generation is (retention counts, as-of among
	 * bases, gc of what their manifests name), which page deltas (on by default) would turn into delta steps.
	 */
	static final Consumer<BucketSQLite.Builder> WHOLE_BASES = (builder) -> builder.pageDeltas(false);

	BucketSQLite start(LiveStorage storage, Consumer<BucketSQLite.Builder> customizer) {
		BucketSQLite.Builder builder = BucketSQLite.builder()
			.bucket(bucket)
			.storage(storage)
			.directory(liveDirectory)
			.flushInterval(Duration.ZERO)
			.chunkSize(16 * 1024);
		customizer.accept(builder);
		return builder.build().start();
	}

	/** The SQLite files ({@code *.db}) in {@code directory}: live databases, and those kept after a failed close. */
	static List<Path> databaseFiles(Path directory) throws IOException {
		try (Stream<Path> files = Files.list(directory)) {
			return files.filter((file) -> file.getFileName().toString().endsWith(".db")).toList();
		}
	}

	static void execute(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	static long count(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
			rs.next();
			return rs.getLong(1);
		}
	}

	/** Inserts {@code rows} rows of about {@code bytes} bytes each into table {@code t}, creating it. */
	static void fill(Connection connection, int rows, int bytes) throws SQLException {
		execute(connection, "CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, payload BLOB)");
		connection.setAutoCommit(false);
		try (PreparedStatement insert = connection.prepareStatement("INSERT INTO t (payload) VALUES (randomblob(?))")) {
			for (int i = 0; i < rows; i++) {
				insert.setInt(1, bytes);
				insert.executeUpdate();
			}
		}
		connection.commit();
		connection.setAutoCommit(true);
	}

}
