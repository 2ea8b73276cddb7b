package dev.buckethead.autoconfigure.test;

import java.nio.file.Files;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.buckethead.BucketSQLite;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.test.autoconfigure.JdbcTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code @JdbcTest} slice with {@link AutoConfigureBucketHead}: without it the slice fails with "Failed to
 * determine a suitable driver class" (or tries to replace the DataSource with an embedded database).
 */
@JdbcTest
@AutoConfigureBucketHead
class AutoConfigureBucketHeadJdbcTests {

	@Autowired
	DataSource dataSource;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	BucketSQLite database;

	@Autowired
	EphemeralBucket bucket;

	@Test
	void theSliceRunsOnTheBucketHeadDataSource() {
		assertThat(this.dataSource).isInstanceOf(HikariDataSource.class);
		assertThat(((HikariDataSource) this.dataSource).getPoolName()).isEqualTo("buckethead");
		this.jdbc.sql("CREATE TABLE IF NOT EXISTS t (v TEXT)").update();
		this.jdbc.sql("INSERT INTO t VALUES ('x')").update();
		assertThat(this.jdbc.sql("SELECT count(*) FROM t").query(Integer.class).single()).isEqualTo(1);
	}

	@Test
	void theBucketIsTheContextsTemporaryDirectory() {
		assertThat(this.bucket.bucketDirectory()).isDirectory();
		assertThat(this.database.bucket().describe()).contains(this.bucket.bucketDirectory().toString());
		assertThat(Files.isDirectory(this.bucket.liveDirectory())).isTrue();
	}

}
