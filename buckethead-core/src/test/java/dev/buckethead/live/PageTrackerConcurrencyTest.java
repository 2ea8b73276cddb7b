package dev.buckethead.live;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Several threads insert and update rows while captures, bounding checkpoints, a long reader and VACUUM happen
 * at random moments. Every capture is applied onto the acknowledged replica and must equal the captured state
 * byte for byte, pass quick_check, hold what the capture's consistent read saw, and show each writer's rows as
 * a gap-free prefix of what it wrote; at the end the replica is the live file. 25 captures here (about 5 s);
 * {@code -Dbuckethead.soak.captures=N} (the {@code soak} profile) runs more.
 */
class PageTrackerConcurrencyTest extends PageTrackingFixture {

	private static final int WRITERS = 3;

	private static final int MAX_ROWS_PER_WRITER = 1200;

	private final AtomicBoolean stop = new AtomicBoolean();

	/** Per writer: the last sequence number it began to commit, and the last whose commit returned. */
	private final AtomicLongArray attempted = new AtomicLongArray(WRITERS);

	private final AtomicLongArray acknowledged = new AtomicLongArray(WRITERS);

	private final AtomicLong operations = new AtomicLong();

	private final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();

	@Test
	void capturesAtRandomMomentsUnderConcurrentWritersRebuildEveryStateExactly() throws Exception {
		long seed = Long.getLong("buckethead.seed", System.nanoTime());
		int captures = Integer.getInteger("buckethead.soak.captures", 25);
		Random random = new Random(seed);
		List<Thread> writers = new ArrayList<>();
		for (int w = 0; w < WRITERS; w++) {
			int writer = w;
			Thread thread = new Thread(() -> write(writer, new Random(seed + writer)), "writer-" + w);
			writers.add(thread);
			thread.start();
		}
		Connection longReader = null;
		try {
			captureAndCheck(true);
			for (int i = 0; i < captures && failures.isEmpty(); i++) {
				long target = operations.get() + 1 + random.nextInt(200);
				await().pollInterval(Duration.ofMillis(1)).atMost(Duration.ofSeconds(60))
					.until(() -> operations.get() >= target || !failures.isEmpty());
				int action = random.nextInt(100);
				if (action < 20) {
					tracker.checkpoint(0);
				}
				else if (action < 30) {
					if (longReader == null) {
						longReader = live.open();
						longReader.setAutoCommit(false);
						Rows.digest(longReader);
					}
					else {
						longReader.commit();
						longReader.close();
						longReader = null;
					}
				}
				else if (action < 33) {
					try (Connection connection = live.open()) {
						execute(connection, "VACUUM");
					}
				}
				long[] before = snapshot(acknowledged);
				Checked checked = captureAndCheck(random.nextInt(100) < 80);
				long[] after = snapshot(attempted);
				Rows.assertPrefixes(checked.seqs(), before, after);
			}
		}
		finally {
			stop.set(true);
			for (Thread thread : writers) {
				thread.join();
			}
			if (longReader != null) {
				longReader.commit();
				longReader.close();
			}
		}
		assertThat(failures).as("writer failures (seed %d)", seed).isEmpty();
		Checked last = captureAndCheck(true);
		Rows.assertPrefixes(last.seqs(), snapshot(acknowledged), snapshot(attempted));
		assertReplicaIsTheLiveDatabase();
	}

	private void write(int writer, Random random) {
		try (Connection connection = live.open(TransactionMode.IMMEDIATE)) {
			long seq = 0;
			while (!stop.get()) {
				if (seq < MAX_ROWS_PER_WRITER && (seq == 0 || random.nextInt(10) < 6)) {
					int batch = 1 + random.nextInt(4);
					connection.setAutoCommit(false);
					for (int i = 0; i < batch; i++) {
						Rows.insert(connection, writer, ++seq, Rows.payload(random, 20, 1800));
					}
					attempted.set(writer, seq);
					connection.commit();
					connection.setAutoCommit(true);
					acknowledged.set(writer, seq);
				}
				else {
					Rows.update(connection, writer, 1 + random.nextInt((int) seq), Rows.payload(random, 20, 1800));
				}
				operations.incrementAndGet();
			}
		}
		catch (Throwable ex) {
			failures.add(ex);
		}
	}

	private static long[] snapshot(AtomicLongArray values) {
		long[] copy = new long[values.length()];
		for (int i = 0; i < copy.length; i++) {
			copy[i] = values.get(i);
		}
		return copy;
	}

}
