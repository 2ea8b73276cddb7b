package dev.buckethead.engine;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import dev.buckethead.BucketSQLite;
import dev.buckethead.bucket.BucketConfig;
import dev.buckethead.bucket.S3BucketClient;
import dev.buckethead.live.LiveStorage;

/**
 * A process for {@link CrashRecoveryTest} to kill: writes rows, flushes, writes more, says {@code READY} and
 * waits to be killed. Arguments: live directory, bucket, flushed rows, unflushed rows; the S3 endpoint and
 * credentials come in the environment.
 */
public final class CrashingWriter {

	private CrashingWriter() {
	}

	public static void main(String[] args) throws Exception {
		S3BucketClient bucket = new S3BucketClient(BucketConfig.builder()
			.bucket(args[1])
			.endpoint(URI.create(System.getenv("TEST_S3_ENDPOINT")))
			.region(System.getenv("TEST_S3_REGION"))
			.credentials(System.getenv("TEST_S3_ACCESS_KEY"), System.getenv("TEST_S3_SECRET_KEY"))
			.pathStyle(true)
			.build());
		BucketSQLite db = BucketSQLite.builder()
			.bucket(bucket)
			.storage(LiveStorage.FILE)
			.directory(Path.of(args[0]))
			.flushInterval(Duration.ZERO)
			.chunkSize(16 * 1024)
			.build()
			.start();
		EngineFixture.execute(db.connection(), "CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, phase TEXT)");
		insert(db, Integer.parseInt(args[2]), "flushed");
		String generation = db.forceFlush().generation();
		insert(db, Integer.parseInt(args[3]), "unflushed");
		System.out.println("READY " + generation);
		System.out.flush();
		new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
	}

	private static void insert(BucketSQLite db, int rows, String phase) throws Exception {
		for (int i = 0; i < rows; i++) {
			EngineFixture.execute(db.connection(), "INSERT INTO t (phase) VALUES ('" + phase + "')");
		}
	}

}
