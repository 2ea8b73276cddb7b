package dev.buckethead.live;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.ScheduledFuture;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The page tracker on real SQLite, one situation at a time; {@link PageTrackerConcurrencyTest} mixes them. */
class PageTrackerTest extends PageTrackingFixture {

	private final Random random = new Random(12);

	@Test
	void theFirstCaptureIsABaseAndLaterOnesCarryOnlyTheChangedPages() throws Exception {
		insertRows(0, 1, 2000, 900);
		Checked base = captureAndCheck(true);
		assertThat(base.base()).isTrue();
		assertThat(base.pages()).isEqualTo((int) base.pageCount()).isGreaterThan(400);
		try (Connection connection = live.open()) {
			Rows.update(connection, 0, 1000, Rows.payload(random, 900, 900));
		}
		Checked delta = captureAndCheck(true);
		assertThat(delta.base()).isFalse();
		// The row's leaf page, plus page 1 (the header's change counter and schema cookie live there).
		assertThat(delta.pages()).isBetween(1, 3);
		Checked nothing = captureAndCheck(true);
		assertThat(nothing.pages()).isZero();
		assertReplicaIsTheLiveDatabase();
	}

	@Test
	void everyConnectionLeavesCheckpointsToTheTracker() throws Exception {
		DataSource pooled = new LiveDataSource(() -> live);
		try (Connection application = live.open(); Connection fromDataSource = pooled.getConnection()) {
			// Far past SQLite's default automatic checkpoint of 1000 pages, through both kinds of connection.
			insertRows(application, 0, 1, 3000, 1000);
			fromDataSource.setAutoCommit(false);
			insertRows(fromDataSource, 1, 1, 3000, 1000);
			fromDataSource.commit();
		}
		long[] state = walState();
		assertThat(state[1]).as("frames in the WAL").isGreaterThan(1500);
		assertThat(state[2]).as("frames checkpointed").isZero();
		captureAndCheck(true);
		assertReplicaIsTheLiveDatabase();
	}

	@Test
	void aPartialCheckpointLeavesOlderVersionsInTheDatabaseFile() throws Exception {
		// Why pages are read from the WAL: SQLite copies only a page's newest frame, and skips it when it lies
		// beyond the readers' limit, so the file is not the state at the checkpointed frame.
		try (Connection writer = live.open(); Connection reader = live.open();
				Connection raw = DriverManager.getConnection("jdbc:sqlite:" + live.file())) {
			Rows.insert(writer, 0, 1, "first".getBytes());
			reader.setAutoCommit(false);
			assertThat(Rows.digest(reader)).isNotEmpty();
			Rows.update(writer, 0, 1, "second".getBytes());
			long[] checkpoint = walCheckpoint(raw, "PASSIVE");
			assertThat(checkpoint[2]).as("checkpointed up to the reader").isPositive().isLessThan(checkpoint[1]);
			assertThat(new String(Files.readAllBytes(live.file()))).doesNotContain("first").doesNotContain("second");
			reader.commit();
		}
		captureAndCheck(true);
		assertReplicaIsTheLiveDatabase();
	}

	@Test
	void aCheckpointRunOutsideTheTrackerMakesTheNextCaptureABase() throws Exception {
		insertRows(0, 1, 100, 900);
		captureAndCheck(true);
		insertRows(0, 101, 300, 900);
		try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + live.file())) {
			assertThat(walCheckpoint(raw, "PASSIVE")[2]).as("frames the tracker never read").isPositive();
		}
		assertThat(captureAndCheck(true).base()).isTrue();
		assertThat(captureAndCheck(true).base()).isFalse();
		assertReplicaIsTheLiveDatabase();
	}

	@Test
	void aReaderHoldingTheCheckpointBackMakesTheCaptureReadTheWal() throws Exception {
		insertRows(0, 1, 500, 900);
		captureAndCheck(true);
		try (Connection reader = live.open()) {
			reader.setAutoCommit(false);
			Rows.digest(reader);
			for (long seq = 1; seq <= 500; seq += 7) {
				try (Connection writer = live.open()) {
					Rows.update(writer, 0, seq, Rows.payload(random, 100, 2000));
				}
			}
			insertRows(0, 501, 800, 900);
			Checked held = captureAndCheck(true);
			assertThat(held.seqs().get(0)).hasSize(800);
			long[] state = walState();
			assertThat(state[2]).as("the reader keeps most frames from the file").isLessThan(state[1] / 2);
			reader.commit();
		}
		captureAndCheck(true);
		assertReplicaIsTheLiveDatabase();
	}

	@Test
	void aWalRestartBetweenCapturesStartsAgainAtFrameOne() throws Exception {
		insertRows(0, 1, 300, 900);
		captureAndCheck(true);
		long saltsBefore = walSalts();
		insertRows(0, 301, 600, 900);
		assertThat(walSalts()).as("closing the capture checkpointed everything: the next write restarted the log")
			.isNotEqualTo(saltsBefore);
		insertRows(0, 601, 650, 900);
		Checked after = captureAndCheck(true);
		assertThat(after.seqs().get(0)).hasSize(650);
		assertReplicaIsTheLiveDatabase();
	}

	@Test
	void vacuumShrinksTheCapturedDatabase() throws Exception {
		insertRows(0, 1, 3000, 900);
		Checked full = captureAndCheck(true);
		try (Connection connection = live.open()) {
			execute(connection, "DELETE FROM rows WHERE seq > 200");
			execute(connection, "VACUUM");
		}
		Checked shrunk = captureAndCheck(true);
		assertThat(shrunk.pageCount()).isLessThan(full.pageCount() / 4);
		insertRows(0, 201, 1500, 900);
		Checked regrown = captureAndCheck(true);
		assertThat(regrown.seqs().get(0)).hasSize(1500);
		assertReplicaIsTheLiveDatabase();
	}

	@Test
	void boundingCheckpointsBetweenCapturesLoseNoPage() throws Exception {
		insertRows(0, 1, 200, 900);
		captureAndCheck(true);
		long seq = 201;
		for (int round = 0; round < 4; round++) {
			insertRows(0, seq, seq + 499, 1500);
			for (long s = 1; s < seq; s += 13) {
				try (Connection writer = live.open()) {
					Rows.update(writer, 0, s, Rows.payload(random, 10, 3000));
				}
			}
			seq += 500;
			assertThat(tracker.checkpoint(Long.MAX_VALUE)).as("below the limit").isFalse();
			long salts = walSalts();
			assertThat(tracker.checkpoint(0)).isTrue();
			assertThat(walState()[2]).as("everything checkpointed").isEqualTo(walState()[1]);
			insertRows(1, round + 1, round + 1, 100);
			assertThat(walSalts()).as("the log restarted").isNotEqualTo(salts);
		}
		Checked after = captureAndCheck(true);
		assertThat(after.seqs().get(0)).hasSize((int) seq - 1);
		assertReplicaIsTheLiveDatabase();
	}

	@Test
	void theGuardCheckpointsAWalPastItsLimitAndItsPagesStillReachTheNextCapture() throws Exception {
		insertRows(0, 1, 100, 900);
		captureAndCheck(true);
		insertRows(0, 101, 400, 900);
		ScheduledFuture<?> guard = WalGuard.watch(tracker, 1);
		try {
			await().atMost(Duration.ofSeconds(20)).until(() -> {
				long[] state = walState();
				return state[1] > 0 && state[2] == state[1];
			});
		}
		finally {
			guard.cancel(false);
		}
		Checked after = captureAndCheck(true);
		assertThat(after.base()).isFalse();
		assertThat(after.pages()).as("the pages the guard checkpointed").isGreaterThan(50);
		assertReplicaIsTheLiveDatabase();
	}

	@Test
	void aRestartedWalShrinksToTheJournalSizeLimit() throws Exception {
		insertRows(0, 1, 20_000, 1000);
		Path wal = Path.of(live.file() + "-wal");
		assertThat(Files.size(wal)).isGreaterThan(20_000_000L);
		assertThat(tracker.checkpoint(0)).isTrue();
		insertRows(1, 1, 1, 100);
		assertThat(Files.size(wal)).isLessThanOrEqualTo(FileLiveDatabase.JOURNAL_SIZE_LIMIT_BYTES);
		captureAndCheck(true);
	}

	@Test
	void aCaptureOfACompletelyCheckpointedWalStaysRightWhileWritersRestartTheLog() throws Exception {
		insertRows(0, 1, 400, 900);
		captureAndCheck(true);
		for (long seq = 1; seq <= 400; seq += 3) {
			try (Connection writer = live.open()) {
				Rows.update(writer, 0, seq, Rows.payload(random, 900, 900));
			}
		}
		tracker.checkpoint(0);
		// Every frame is checkpointed: the capture's reader reads the file only and cannot stop the restart.
		StringBuilder digestAtCapture = new StringBuilder();
		try (PageCapture capture = tracker.capture((consistent) -> digestAtCapture.append(Rows.digest(consistent)))) {
			long salts = walSalts();
			for (long seq = 1; seq <= 400; seq += 2) {
				try (Connection writer = live.open()) {
					Rows.update(writer, 0, seq, Rows.payload(random, 900, 900));
				}
			}
			assertThat(walSalts()).as("writers restarted the log under the open capture").isNotEqualTo(salts);
			Path applied = replica.apply(capture);
			try (Connection check = replica.open(applied)) {
				assertThat(Replica.quickCheck(check)).containsExactly("ok");
				assertThat(Rows.digest(check)).isEqualTo(digestAtCapture.toString());
			}
			assertThat(capture.acknowledge()).isTrue();
			replica.acknowledge();
		}
		captureAndCheck(true);
		assertReplicaIsTheLiveDatabase();
	}

	@Test
	void anUnacknowledgedCaptureIsFoldedIntoTheNextAndCannotBeAcknowledgedLate() throws Exception {
		insertRows(0, 1, 300, 900);
		captureAndCheck(true);
		insertRows(0, 301, 400, 900);
		PageCapture failed = tracker.capture(LiveDatabase.ConsistentRead.NONE);
		int failedPages = failed.pages().length;
		failed.close();
		insertRows(0, 401, 402, 900);
		Checked next = captureAndCheck(true);
		assertThat(next.pages()).isGreaterThanOrEqualTo(failedPages);
		assertThat(failed.acknowledge()).as("a newer capture was taken").isFalse();
		assertReplicaIsTheLiveDatabase();
	}

	@Test
	void loadingOtherContentOrTakingAnImageMakesTheNextCaptureABase() throws Exception {
		insertRows(0, 1, 300, 900);
		captureAndCheck(true);
		live.image(LiveDatabase.ConsistentRead.NONE).close();
		assertThat(captureAndCheck(true).base()).isTrue();
		Path other = directory.resolve("other.db");
		try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + other)) {
			Rows.create(connection);
			Rows.insert(connection, 7, 1, "loaded".getBytes());
		}
		live.replaceWith(other);
		Checked loaded = captureAndCheck(true);
		assertThat(loaded.base()).isTrue();
		assertThat(loaded.seqs()).containsOnlyKeys(7);
		assertThat(captureAndCheck(true).base()).isFalse();
		assertReplicaIsTheLiveDatabase();
	}

	@Test
	void aCaptureReadsNothingOutsideItsStateAndNothingOnceClosed() throws Exception {
		insertRows(0, 1, 10, 100);
		PageCapture capture = tracker.captureBase(LiveDatabase.ConsistentRead.NONE);
		ByteBuffer page = ByteBuffer.allocate(capture.pageSize());
		assertThatThrownBy(() -> capture.read((int) capture.pageCount() + 1, page))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("outside the captured database");
		capture.close();
		assertThatThrownBy(() -> capture.read(1, page)).isInstanceOf(IllegalStateException.class);
	}

	@Test
	void memoryStorageCannotTrackPages() {
		try (LiveDatabase memory = LiveDatabases.open(
				new LiveDatabaseOptions(LiveStorage.MEMORY, directory.resolve("memory"), Duration.ofSeconds(1)), null)) {
			assertThat(memory.pageTracker()).isEmpty();
		}
	}

	private void insertRows(int writer, long from, long to, int payloadBytes) throws Exception {
		try (Connection connection = live.open()) {
			insertRows(connection, writer, from, to, payloadBytes);
		}
	}

	private void insertRows(Connection connection, int writer, long from, long to, int payloadBytes)
			throws Exception {
		boolean auto = connection.getAutoCommit();
		connection.setAutoCommit(false);
		for (long seq = from; seq <= to; seq++) {
			Rows.insert(connection, writer, seq, Rows.payload(random, payloadBytes, payloadBytes));
		}
		connection.commit();
		connection.setAutoCommit(auto);
	}

	private long walSalts() throws Exception {
		try (WalFile wal = WalFile.open(Path.of(live.file() + "-wal"))) {
			WalFile.Header header = wal.header();
			return header == null ? 0 : header.salts();
		}
	}

}
