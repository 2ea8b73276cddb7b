package dev.buckethead.engine;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.buckethead.BucketSQLite;
import dev.buckethead.LogCapture;
import dev.buckethead.bucket.BucketConfig;
import dev.buckethead.bucket.BucketException;
import dev.buckethead.bucket.LocalDirectoryBucketClient;
import dev.buckethead.bucket.S3BucketClient;
import dev.buckethead.live.LeftoverLiveFiles;
import dev.buckethead.live.LiveStorage;
import dev.buckethead.snapshot.FlushTrigger;
import dev.buckethead.snapshot.SnapshotConflictException;
import dev.buckethead.snapshot.SnapshotSession.RestoreReport;
import dev.buckethead.test.S3TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static dev.buckethead.engine.EngineFixture.count;
import static dev.buckethead.engine.EngineFixture.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The live file outlives its process: a start on the same machine takes it instead of the bucket's older copy when
 * the head has not moved, and keeps it aside otherwise.
 */
class CrashRecoveryTest extends EngineTest {

	@Test
	void aFileLeftByAKilledProcessIsAdoptedWithEveryRowAndFlushed() throws Exception {
		Path live = temp.resolve("live");
		S3TestServer server = S3TestServer.shared();
		String bucket = server.createBucket("crash");
		EngineFixture fixture = new EngineFixture(new S3BucketClient(BucketConfig.builder()
			.bucket(bucket)
			.endpoint(server.endpoint())
			.region(server.region())
			.credentials(server.accessKey(), server.secretKey())
			.pathStyle(true)
			.build()), live);
		Process writer = startWriter(live, bucket, 100, 50);
		String flushed;
		try {
			flushed = awaitReady(writer);
			// While the writer runs, its lock keeps its file from being claimed: this start restores the bucket's.
			try (BucketSQLite other = fixture.start(LiveStorage.FILE)) {
				assertThat(other.restoreReport().adoptedLiveFile()).isFalse();
				assertThat(count(other.connection(), "SELECT count(*) FROM t")).isEqualTo(100);
			}
		}
		finally {
			writer.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
		}
		assertThat(files(live, ".db")).hasSize(1);

		try (LogCapture log = new LogCapture(); BucketSQLite db = fixture.start(LiveStorage.FILE)) {
			RestoreReport report = db.restoreReport();
			assertThat(report.adoptedLiveFile()).isTrue();
			assertThat(report.generation()).isEqualTo(flushed);
			assertThat(count(db.connection(), "SELECT count(*) FROM t WHERE phase = 'unflushed'")).isEqualTo(50);
			assertThat(count(db.connection(), "SELECT count(*) FROM t")).isEqualTo(150);
			assertThat(db.generation()).isPresent().get().isNotEqualTo(flushed);
			assertThat(db.isDirty()).isFalse();
			assertThat(db.statistics().lastSuccess().trigger()).isEqualTo(FlushTrigger.RECOVERY);
			assertThat(log.lines()).anySatisfy((line) -> assertThat(line).startsWith("INFO BucketHead adopted the live file")
				.contains("generation " + flushed));
			assertThat(files(live, ".db")).as("the adopted file is the live file").hasSize(1);
		}
		assertThat(files(live, "")).as("nothing left behind").isEmpty();
		try (BucketSQLite db = fixture.start(LiveStorage.MEMORY)) {
			assertThat(count(db.connection(), "SELECT count(*) FROM t")).isEqualTo(150);
		}
	}

	@Test
	void aFileWhoseHeadMovedOnIsSetAsideAndNamedNeverAdopted() throws Exception {
		try (BucketSQLite seed = fixture.start(LiveStorage.FILE)) {
			execute(seed.connection(), "CREATE TABLE t (x TEXT)");
		}
		BucketSQLite loser = fixture.start(LiveStorage.FILE);
		try (BucketSQLite winner = fixture.start(LiveStorage.FILE)) {
			execute(winner.connection(), "INSERT INTO t VALUES ('winner')");
		}
		execute(loser.connection(), "INSERT INTO t VALUES ('only in the loser')");
		assertThatThrownBy(loser::close).isInstanceOf(SnapshotConflictException.class);

		try (LogCapture log = new LogCapture(); BucketSQLite db = fixture.start(LiveStorage.FILE)) {
			assertThat(db.restoreReport().adoptedLiveFile()).isFalse();
			assertThat(count(db.connection(), "SELECT count(*) FROM t WHERE x = 'only in the loser'")).isZero();
			List<Path> setAside = files(temp.resolve("live").resolve(LeftoverLiveFiles.SET_ASIDE), ".db");
			assertThat(setAside).hasSize(1);
			assertThat(log.lines()).anySatisfy((line) -> assertThat(line).startsWith("WARN Set aside the live file")
				.contains("moved on to generation")
				.contains("buckethead import " + setAside.get(0) + " --branch main --snapshot-key buckethead.db"));
		}
	}

	@ParameterizedTest
	@EnumSource(LiveStorage.class)
	void aFileKeptByAFailedFinalFlushIsAdoptedAtTheNextStart(LiveStorage storage) throws Exception {
		Path bucketDirectory = temp.resolve("bucket");
		Files.createDirectories(bucketDirectory);
		EngineFixture local = new EngineFixture(new LocalDirectoryBucketClient(bucketDirectory), temp.resolve("live"));
		BucketSQLite db = local.start(storage);
		execute(db.connection(), "CREATE TABLE t (x TEXT)");
		db.forceFlush();
		execute(db.connection(), "INSERT INTO t VALUES ('written while the bucket was down')");
		// A file where the successor claims' folder should be: the final flush (a delta step or a base, both
		// claimed there) fails, and not with a conflict.
		Path manifests = bucketDirectory.resolve("buckethead.db.bh/successors");
		Path away = manifests.resolveSibling("successors.away");
		// (A branch's first step is its head's creation, which claims nothing: the folder may not exist yet.)
		Files.createDirectories(manifests);
		Files.move(manifests, away);
		Files.writeString(manifests, "in the way");
		try {
			assertThatThrownBy(db::close).isInstanceOf(BucketException.class);
		}
		finally {
			Files.delete(manifests);
			Files.move(away, manifests);
		}
		try (BucketSQLite next = local.start(storage)) {
			assertThat(next.restoreReport().adoptedLiveFile()).isTrue();
			assertThat(count(next.connection(), "SELECT count(*) FROM t")).isEqualTo(1);
			assertThat(next.isDirty()).isFalse();
		}
		assertThat(files(temp.resolve("live"), ".db")).isEmpty();
	}

	private Process startWriter(Path live, String bucket, int flushed, int unflushed) throws Exception {
		S3TestServer server = S3TestServer.shared();
		ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-cp", System.getProperty("java.class.path"), CrashingWriter.class.getName(), live.toString(), bucket,
				Integer.toString(flushed), Integer.toString(unflushed));
		Map<String, String> env = builder.environment();
		env.put("TEST_S3_ENDPOINT", server.endpoint().toString());
		env.put("TEST_S3_REGION", server.region());
		env.put("TEST_S3_ACCESS_KEY", server.accessKey());
		env.put("TEST_S3_SECRET_KEY", server.secretKey());
		return builder.redirectErrorStream(true).start();
	}

	/** Reads the writer's output until {@code READY <generation>}; returns the generation. */
	private static String awaitReady(Process writer) throws Exception {
		BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8));
		StringBuilder seen = new StringBuilder();
		for (String line = out.readLine(); line != null; line = out.readLine()) {
			if (line.startsWith("READY ")) {
				return line.substring("READY ".length());
			}
			seen.append(line).append('\n');
		}
		throw new AssertionError("the writer exited without getting ready:\n" + seen);
	}

	private static List<Path> files(Path folder, String suffix) throws Exception {
		if (!Files.isDirectory(folder)) {
			return List.of();
		}
		try (Stream<Path> files = Files.list(folder)) {
			return files.filter((file) -> Files.isRegularFile(file) && file.getFileName().toString().endsWith(suffix))
				.toList();
		}
	}

}
