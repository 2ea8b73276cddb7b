package dev.buckethead.engine;

import java.sql.Connection;

import dev.buckethead.BucketSQLite;
import dev.buckethead.live.LiveStorage;
import dev.buckethead.snapshot.FlushOutcome;
import org.junit.jupiter.api.Test;

import static dev.buckethead.engine.EngineFixture.count;
import static dev.buckethead.engine.EngineFixture.execute;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A reader holding an old snapshot keeps the WAL from being checkpointed, so a FILE image cannot be the
 * database file itself; the flush must fall back to a consistent copy and still capture every committed write.
 */
class LongReaderTest extends EngineTest {

	@Test
	void aFlushWhileALongReadTransactionIsOpenStillCapturesEveryCommittedWrite() throws Exception {
		try (BucketSQLite db = fixture.start(LiveStorage.FILE)) {
			execute(db.connection(), "CREATE TABLE t (x INTEGER)");
			execute(db.connection(), "INSERT INTO t VALUES (1)");
			try (Connection reader = db.connect()) {
				reader.setAutoCommit(false);
				assertThat(count(reader, "SELECT count(*) FROM t")).isEqualTo(1);
				// Committed after the reader's snapshot: the WAL now holds frames the reader must not lose.
				execute(db.connection(), "INSERT INTO t VALUES (2)");
				assertThat(db.forceFlush().outcome()).isEqualTo(FlushOutcome.SUCCESS);
				assertThat(count(reader, "SELECT count(*) FROM t")).isEqualTo(1);
				reader.commit();
				reader.setAutoCommit(true);
			}
		}
		try (BucketSQLite db = fixture.start(LiveStorage.MEMORY)) {
			assertThat(count(db.connection(), "SELECT count(*) FROM t")).isEqualTo(2);
		}
	}

}
