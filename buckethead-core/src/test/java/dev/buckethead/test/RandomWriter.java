package dev.buckethead.test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import static org.awaitility.Awaitility.await;

/**
 * Writers for randomized tests: threads that insert, update and delete random rows of table {@code t} (id,
 * payload blob) until stopped, each write under the read side of a lock, so a test that {@link #pauseAfter pauses}
 * them sees no write in progress (a flush and the copy of its state then agree).
 */
public final class RandomWriter implements AutoCloseable {

	private final ReentrantReadWriteLock pause = new ReentrantReadWriteLock();

	private final AtomicInteger writes = new AtomicInteger();

	private final AtomicBoolean stop = new AtomicBoolean();

	private final ExecutorService threads;

	private final List<Future<?>> running = new ArrayList<>();

	private RandomWriter(int count) {
		this.threads = Executors.newFixedThreadPool(count);
	}

	/** Starts {@code count} writers on {@code connection}, each with a seed drawn from {@code random}. */
	public static RandomWriter start(Connection connection, int count, Random random) {
		RandomWriter writers = new RandomWriter(count);
		for (int i = 0; i < count; i++) {
			Random own = new Random(random.nextLong());
			writers.running.add(writers.threads.submit(() -> writers.write(connection, own)));
		}
		return writers;
	}

	/** Holds the writers back until closed. */
	public interface Pause extends AutoCloseable {

		@Override
		void close();

	}

	/** Waits for 1 to {@code bound} more writes, then holds every writer back until the pause is closed. */
	public Pause pauseAfter(Random random, int bound) {
		int target = writes.get() + 1 + random.nextInt(bound);
		await().atMost(Duration.ofSeconds(60)).until(() -> writes.get() >= target);
		pause.writeLock().lock();
		return () -> pause.writeLock().unlock();
	}

	/** Stops the writers and waits for them; a writer's failure is thrown here. */
	public void stop() throws Exception {
		stop.set(true);
		for (Future<?> writer : running) {
			writer.get(60, TimeUnit.SECONDS);
		}
	}

	@Override
	public void close() {
		stop.set(true);
		threads.shutdownNow();
	}

	private Void write(Connection connection, Random random) throws SQLException {
		while (!stop.get()) {
			pause.readLock().lock();
			try (PreparedStatement statement = connection.prepareStatement(switch (random.nextInt(3)) {
				case 0 -> "INSERT INTO t (payload) VALUES (randomblob(?))";
				case 1 -> "UPDATE t SET payload = randomblob(?) WHERE id = (SELECT id FROM t ORDER BY random() LIMIT 1)";
				default -> "DELETE FROM t WHERE id = (SELECT id FROM t ORDER BY random() LIMIT 1) AND ? > 0";
			})) {
				statement.setInt(1, 1 + random.nextInt(3000));
				statement.executeUpdate();
			}
			finally {
				pause.readLock().unlock();
			}
			writes.incrementAndGet();
		}
		return null;
	}

}
