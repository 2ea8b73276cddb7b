package dev.buckethead.engine;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;

import dev.buckethead.BucketSQLite;
import dev.buckethead.live.LiveStorage;
import dev.buckethead.snapshot.SnapshotConflictException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static dev.buckethead.engine.EngineFixture.count;
import static dev.buckethead.engine.EngineFixture.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** When the final flush fails, the unflushed database stays on disk for an operator to recover. */
class FailedFinalFlushTest extends EngineTest {

	@ParameterizedTest
	@EnumSource(LiveStorage.class)
	void theUnflushedDatabaseIsKeptWhenTheFinalFlushFails(LiveStorage storage) throws Exception {
		try (BucketSQLite seed = fixture.start(LiveStorage.FILE)) {
			execute(seed.connection(), "CREATE TABLE t (x TEXT)");
		}
		BucketSQLite loser = fixture.start(storage);
		try (BucketSQLite winner = fixture.start(LiveStorage.FILE)) {
			execute(winner.connection(), "INSERT INTO t VALUES ('winner')");
		}
		execute(loser.connection(), "INSERT INTO t VALUES ('only here')");
		assertThatThrownBy(loser::close).isInstanceOf(SnapshotConflictException.class);

		List<Path> kept = EngineFixture.databaseFiles(temp.resolve("live"));
		assertThat(kept).hasSize(1);
		try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + kept.get(0))) {
			assertThat(count(connection, "SELECT count(*) FROM t WHERE x = 'only here'")).isEqualTo(1);
		}
	}

}
