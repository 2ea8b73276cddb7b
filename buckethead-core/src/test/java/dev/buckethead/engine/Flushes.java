package dev.buckethead.engine;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

import dev.buckethead.BucketSQLite;
import dev.buckethead.snapshot.FlushOutcome;
import dev.buckethead.snapshot.FlushResult;
import dev.buckethead.test.MutableClock;
import dev.buckethead.test.RowDigest;

import static dev.buckethead.engine.EngineFixture.execute;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A test's flushes on a clock it moves: each flush's generation, time and rows of table {@code t}, for comparing
 * what a point restores to.
 */
final class Flushes {

	private final MutableClock clock;

	Flushes(MutableClock clock) {
		this.clock = clock;
	}

	/** A flush's point: its generation, when it was written, and the rows it holds. */
	record Flushed(String generation, Instant at, String digest) {
	}

	/** Flushes, which must write something. */
	Flushed flush(BucketSQLite engine) throws SQLException {
		FlushResult result = engine.forceFlush();
		assertThat(result.outcome()).isEqualTo(FlushOutcome.SUCCESS);
		return new Flushed(result.generation(), clock.instant(), RowDigest.of(engine.connection(), "t"));
	}

	/** Moves the clock on by {@code wait}, runs {@code sql}, flushes. */
	Flushed after(Duration wait, BucketSQLite engine, String sql) throws SQLException {
		clock.advance(wait);
		execute(engine.connection(), sql);
		return flush(engine);
	}

	/** The flush of {@code generation} among {@code flushed}. */
	static Flushed find(java.util.List<Flushed> flushed, String generation) {
		return flushed.stream().filter((flush) -> flush.generation().equals(generation)).findFirst().orElseThrow();
	}

	/** The rows of table {@code t} in a database file. */
	static String digest(Path file) throws SQLException {
		try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
			return RowDigest.of(connection, "t");
		}
	}

}
