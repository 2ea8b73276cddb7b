package dev.buckethead.live;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A FILE live database with its page tracker, the {@code rows} table, and a {@link Replica} that every capture
 * is applied to and checked against the state the capture's own consistent read saw.
 */
abstract class PageTrackingFixture {

	@TempDir
	Path directory;

	FileLiveDatabase live;

	PageTracker tracker;

	Replica replica;

	@BeforeEach
	void openLiveDatabase() throws Exception {
		live = (FileLiveDatabase) LiveDatabases.open(
				new LiveDatabaseOptions(LiveStorage.FILE, directory.resolve("live"), Duration.ofSeconds(10)), null);
		tracker = live.pageTracker().orElseThrow();
		replica = new Replica(directory.resolve("replica"));
		try (Connection connection = live.open()) {
			Rows.create(connection);
		}
	}

	@AfterEach
	void closeLiveDatabase() {
		live.close();
	}

	/** What one checked capture held. */
	record Checked(boolean base, int pages, long pageCount, Map<Integer, TreeSet<Long>> seqs) {
	}

	/**
	 * Captures, applies the capture onto the acknowledged replica, and checks the result: byte for byte equal to
	 * the captured state read in full, passing quick_check, and holding the rows the capture's consistent read
	 * saw. Then acknowledges it (replica included) when asked to.
	 */
	Checked captureAndCheck(boolean acknowledge) throws Exception {
		AtomicReference<String> digest = new AtomicReference<>();
		AtomicReference<Map<Integer, TreeSet<Long>>> seqs = new AtomicReference<>();
		try (PageCapture capture = tracker.capture((consistent) -> {
			digest.set(Rows.digest(consistent));
			seqs.set(Rows.seqs(consistent));
		})) {
			Path applied = replica.apply(capture);
			assertThat(Files.readAllBytes(applied)).as("delta applied on the acknowledged state")
				.isEqualTo(Replica.wholeState(capture));
			try (Connection check = replica.open(applied)) {
				assertThat(Replica.quickCheck(check)).containsExactly("ok");
				assertThat(Rows.digest(check)).as("rows of the applied capture").isEqualTo(digest.get());
			}
			if (acknowledge) {
				assertThat(capture.acknowledge()).isTrue();
				replica.acknowledge();
			}
			return new Checked(capture.isBase(), capture.pages().length, capture.pageCount(), seqs.get());
		}
	}

	/** Quiesced: the acknowledged replica is byte for byte the live database (made whole by a TRUNCATE). */
	void assertReplicaIsTheLiveDatabase() throws Exception {
		try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + live.file())) {
			assertThat(walCheckpoint(raw, "TRUNCATE")[0]).as("TRUNCATE blocked").isZero();
		}
		assertThat(Files.readAllBytes(replica.acknowledgedFile())).isEqualTo(Files.readAllBytes(live.file()));
	}

	static long[] walCheckpoint(Connection connection, String mode) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("PRAGMA wal_checkpoint(" + mode + ")")) {
			rs.next();
			return new long[] { rs.getLong(1), rs.getLong(2), rs.getLong(3) };
		}
	}

	/** busy, frames in the WAL, frames checkpointed: read without checkpointing anything. */
	long[] walState() throws SQLException {
		try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + live.file())) {
			return walCheckpoint(raw, "NOOP");
		}
	}

	static void execute(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

}
