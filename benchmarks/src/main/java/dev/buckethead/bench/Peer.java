package dev.buckethead.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import dev.buckethead.bench.proxy.CountingProxy;

/**
 * A tool that keeps a SQLite database durable in S3, driven the same way for each in section 9: changes go through
 * {@link #writer()}, {@link #makeDurable()} returns once they are in the bucket, and everything the tool sends
 * passes its own {@link #proxy()}.
 */
interface Peer extends AutoCloseable {

	String name();

	/** The counting proxy between this tool and the S3 server. */
	CountingProxy proxy();

	/** The connection that changes are applied on (autocommit unless a change opens a transaction). */
	Connection writer();

	/** Returns once everything committed so far is in the bucket (the first call makes the first copy). */
	void makeDurable() throws Exception;

	/**
	 * Deletes what the bucket no longer needs, between measured steps (uncounted), so that S3Proxy's RAM-backed
	 * data stays bounded over hundreds of flushes.
	 */
	void tidy();

	/** From now on the tool uploads on its own, every {@code interval}, as an application would run it. */
	void uploadEvery(Duration interval) throws Exception;

	/** Restores the bucket's newest state into a new database under {@code dir}, timed; then deletes it. */
	Restored restore(Path dir) throws Exception;

	/** What a restore checks before the database is used. */
	String restoreChecks();

	@Override
	void close() throws Exception;

	/** A restore's wall time and a fingerprint of the restored rows, to compare with the live database's. */
	record Restored(long nanos, String fingerprint) {
	}

	/** Row count and the sum of {@code updated_at}, which every change of {@link Data#change} rewrites. */
	static String fingerprint(Connection c) throws SQLException {
		try (Statement s = c.createStatement();
				ResultSet r = s.executeQuery("SELECT count(*), total(updated_at) FROM rows")) {
			r.next();
			return r.getLong(1) + " rows, Σ updated_at " + String.format(java.util.Locale.ROOT, "%.0f", r.getDouble(2));
		}
	}

}
