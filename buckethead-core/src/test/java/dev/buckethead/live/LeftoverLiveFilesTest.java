package dev.buckethead.live;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import dev.buckethead.LogCapture;
import dev.buckethead.live.AdoptionRules.Start;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The live directory after processes died in it: locks, set-aside folder, permissions. No bucket involved. */
class LeftoverLiveFilesTest {

	private static final String BUCKET = "local directory /bucket";

	private static final Start MAIN = new Start(BUCKET, "shop.db", "main", null, null);

	@TempDir
	Path directory;

	@Test
	void aRunningDatabasesFileIsNeverClaimed() throws Exception {
		try (LiveDatabase running = open()) {
			running.identify(LiveFileIdentity.of(BUCKET, "shop.db", "main", null));
			assertThat(LeftoverLiveFiles.resolve(directory, MAIN, 5)).isEmpty();
			assertThat(databases(directory)).hasSize(1);
		}
	}

	@Test
	void aPreservedFileIsAdoptedWithItsRowsAndClaimedOnlyOnce() throws Exception {
		Path kept = leaveBehind(LiveStorage.FILE, "main", "CREATE TABLE t (x)", "INSERT INTO t VALUES (1)");
		Optional<LeftoverLiveFiles.Leftover> adopted = LeftoverLiveFiles.resolve(directory, MAIN, 5);
		assertThat(adopted).isPresent();
		assertThat(adopted.get().database()).isEqualTo(kept);
		assertThat(LeftoverLiveFiles.resolve(directory, MAIN, 5)).as("held by the first claim").isEmpty();
		try (LiveDatabase live = LiveDatabases.adopt(options(LiveStorage.FILE), adopted.get())) {
			assertThat(count(live, "SELECT count(*) FROM t")).isEqualTo(1);
			assertThat(live.describe()).contains(kept.toString());
		}
		assertThat(kept).doesNotExist();
	}

	@Test
	void onlyTheNewestSetAsideFilesAreKeptAndEachRemovalIsLogged() throws Exception {
		try (LogCapture log = new LogCapture()) {
			for (int i = 0; i < 7; i++) {
				leaveBehind(LiveStorage.FILE, "experiment", "CREATE TABLE t (x)", "INSERT INTO t VALUES (" + i + ")");
				assertThat(LeftoverLiveFiles.resolve(directory, MAIN, 3)).isEmpty();
			}
			List<Path> kept = databases(directory.resolve(LeftoverLiveFiles.SET_ASIDE));
			assertThat(kept).hasSize(3);
			assertThat(kept).allSatisfy((file) -> assertThat(LeftoverLiveFiles.isSetAside(file)).isTrue());
			assertThat(log.lines()).filteredOn((line) -> line.startsWith("WARN Set aside"))
				.hasSize(7)
				.allSatisfy((line) -> assertThat(line).contains("holds branch 'experiment'")
					.contains("buckethead import " + directory.resolve(LeftoverLiveFiles.SET_ASIDE))
					.contains("--branch experiment --snapshot-key shop.db"));
			assertThat(log.lines()).filteredOn((line) -> line.startsWith("WARN Deleted the set-aside live file"))
				.hasSize(4);
			try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + kept.get(2))) {
				assertThat(count(connection, "SELECT x FROM t")).as("the newest is kept").isEqualTo(6);
			}
		}
		assertThat(databases(directory)).isEmpty();
		assertThat(files(directory, ".lock")).isEmpty();
	}

	@Test
	void aFileThatFailsQuickCheckIsSetAsideAndNamed() throws Exception {
		Path kept = leaveBehind(LiveStorage.FILE, "main", "CREATE TABLE t (x TEXT)", "CREATE INDEX tx ON t (x)",
				"WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 2000) "
						+ "INSERT INTO t SELECT 'row ' || i FROM s");
		try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + kept);
				Statement statement = connection.createStatement()) {
			statement.execute("PRAGMA journal_mode=DELETE");
		}
		byte[] bytes = Files.readAllBytes(kept);
		for (int i = 4096 * 2; i < 4096 * 4; i++) {
			bytes[i] = (byte) 0x5a;
		}
		Files.write(kept, bytes);
		try (LogCapture log = new LogCapture()) {
			assertThat(LeftoverLiveFiles.resolve(directory, MAIN, 5)).isEmpty();
			assertThat(log.lines()).anySatisfy((line) -> assertThat(line).startsWith("WARN Set aside the live file " + kept)
				.contains("fails SQLite's quick_check"));
		}
		assertThat(databases(directory.resolve(LeftoverLiveFiles.SET_ASIDE))).hasSize(1);
	}

	@Test
	void liveFilesAndTheirWalAndShmAreOwnerOnly() throws Exception {
		try (LiveDatabase live = open(); Connection connection = live.open();
				Statement statement = connection.createStatement()) {
			live.identify(LiveFileIdentity.of(BUCKET, "shop.db", "main", null));
			// While a connection is open, SQLite keeps the -wal and -shm files it created.
			statement.execute("CREATE TABLE t (x)");
			statement.execute("INSERT INTO t VALUES (1)");
			try (Stream<Path> files = Files.list(directory)) {
				List<Path> all = files.toList();
				assertThat(all).extracting((file) -> file.getFileName().toString().replaceAll("live-[0-9a-f-]+", "live-ID"))
					.containsExactlyInAnyOrder("live-ID.db", "live-ID.db-wal", "live-ID.db-shm", "live-ID.json",
							"live-ID.lock");
				for (Path file : all) {
					assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as(file.toString())
						.isEqualTo("rw-------");
				}
			}
		}
		Path fresh = directory.resolve("new");
		try (LiveDatabase live = LiveDatabases.open(new LiveDatabaseOptions(LiveStorage.FILE, fresh, Duration.ofSeconds(5)),
				null)) {
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh))).isEqualTo("rwx------");
		}
	}

	@Test
	void aPreservedMemoryDatabaseIsAdoptedAndItsFileDeletedOnceTheContentMovesOn() throws Exception {
		Path kept = leaveBehind(LiveStorage.MEMORY, "main", "CREATE TABLE t (x)", "INSERT INTO t VALUES (7)");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(kept))).isEqualTo("rw-------");
		LeftoverLiveFiles.Leftover leftover = LeftoverLiveFiles.resolve(directory, MAIN, 5).orElseThrow();
		try (LiveDatabase live = LiveDatabases.adopt(options(LiveStorage.MEMORY), leftover)) {
			assertThat(count(live, "SELECT x FROM t")).isEqualTo(7);
			live.identify(LiveFileIdentity.of(BUCKET, "shop.db", "main", null));
			assertThat(kept).as("kept until its content is in the bucket").exists();
			live.identify(LiveFileIdentity.of(BUCKET, "shop.db", "main", "G1"));
			assertThat(kept).doesNotExist();
		}
	}

	/** A database of {@code branch} that runs {@code statements} and is closed as after a failed final flush. */
	private Path leaveBehind(LiveStorage storage, String branch, String... statements) throws Exception {
		try (LiveDatabase live = LiveDatabases.open(options(storage), null)) {
			live.identify(LiveFileIdentity.of(BUCKET, "shop.db", branch, null));
			execute(live, statements);
			return live.preserveOnClose();
		}
	}

	private LiveDatabase open() {
		return LiveDatabases.open(options(LiveStorage.FILE), null);
	}

	private LiveDatabaseOptions options(LiveStorage storage) {
		return new LiveDatabaseOptions(storage, directory, Duration.ofSeconds(5));
	}

	private static void execute(LiveDatabase live, String... statements) throws Exception {
		try (Connection connection = live.open(); Statement statement = connection.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
	}

	private static long count(LiveDatabase live, String sql) throws Exception {
		try (Connection connection = live.open()) {
			return count(connection, sql);
		}
	}

	private static long count(Connection connection, String sql) throws Exception {
		try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
			rows.next();
			return rows.getLong(1);
		}
	}

	private static List<Path> databases(Path folder) throws Exception {
		return files(folder, ".db");
	}

	private static List<Path> files(Path folder, String suffix) throws Exception {
		if (!Files.isDirectory(folder)) {
			return List.of();
		}
		try (Stream<Path> files = Files.list(folder)) {
			return files.filter((file) -> file.getFileName().toString().endsWith(suffix)).sorted().toList();
		}
	}

}
