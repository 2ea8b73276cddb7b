package dev.buckethead.test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReadWriteLock;

/**
 * A writer for randomized tests: random inserts, updates and deletes of rows of table {@code t} (id, payload
 * blob) until stopped, each under the read side of {@code pause}, so a test holding the write side sees no write
 * in progress (a flush and the copy of its state then agree).
 */
public final class RandomWriter {

	private RandomWriter() {
	}

	/** Writes until {@code stop}; counts each write in {@code writes}. */
	public static Void write(Connection connection, Random random, ReadWriteLock pause, AtomicInteger writes,
			AtomicBoolean stop) throws SQLException {
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
