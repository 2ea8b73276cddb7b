package dev.buckethead.engine;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

import javax.sql.DataSource;

import dev.buckethead.BucketSQLite;
import dev.buckethead.live.LiveStorage;
import org.junit.jupiter.api.Test;

import static dev.buckethead.engine.EngineFixture.count;
import static dev.buckethead.engine.EngineFixture.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The data source's connections begin transactions IMMEDIATE; a connection set read-only (as Spring does for
 * {@code @Transactional(readOnly = true)}) must not queue for the write lock, and must not write.
 */
class ReadOnlyTransactionsTest extends EngineTest {

	/** FILE only: memdb's own locking refuses new readers while any write transaction is open. */
	@Test
	void readOnlyTransactionsDoNotWaitForTheWriterAndCannotWrite() throws Exception {
		try (BucketSQLite db = fixture.start(LiveStorage.FILE, (b) -> b.busyTimeout(Duration.ofMillis(300)))) {
			DataSource dataSource = db.dataSource();
			execute(db.connection(), "CREATE TABLE t (x INTEGER)");
			execute(db.connection(), "INSERT INTO t VALUES (1)");
			try (Connection writer = dataSource.getConnection(); Connection reader = dataSource.getConnection()) {
				writer.setAutoCommit(false);
				execute(writer, "INSERT INTO t VALUES (2)");

				reader.setReadOnly(true);
				assertThat(reader.isReadOnly()).isTrue();
				reader.setAutoCommit(false);
				assertThat(count(reader, "SELECT count(*) FROM t")).isEqualTo(1);
				assertThatThrownBy(() -> execute(reader, "INSERT INTO t VALUES (3)")).isInstanceOf(SQLException.class)
					.hasMessageContaining("readonly");
				reader.commit();
				reader.setAutoCommit(true);
				writer.commit();
				// sqlite-jdbc begins the next transaction right after a commit: back to auto-commit to let go.
				writer.setAutoCommit(true);

				reader.setReadOnly(false);
				reader.setAutoCommit(false);
				execute(reader, "INSERT INTO t VALUES (4)");
				reader.commit();
			}
			assertThat(count(db.connection(), "SELECT count(*) FROM t")).isEqualTo(3);
		}
	}

}
