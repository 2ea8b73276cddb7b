package dev.buckethead.sample;

import java.nio.file.Path;
import java.util.Map;

import dev.buckethead.BucketSQLite;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A plain {@code @SpringBootTest}, no BucketHead annotation, configured with the developer's bucket: with the test
 * support on the test classpath it neither restores from that bucket nor flushes into it, so every file there is
 * byte-for-byte what it was. {@link OptedOutSpringBootTestUsesDevBucketTests} is the same test opted out.
 */
@SpringBootTest(properties = "buckethead.bucket.local-directory=" + PlainSpringBootTestKeepsDevBucketTests.DEV_BUCKET)
@DirtiesContext
class PlainSpringBootTestKeepsDevBucketTests {

	static final String DEV_BUCKET = "target/dev-bucket/plain";

	private static Map<String, String> before;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	BucketSQLite database;

	@Autowired
	ConfigurableApplicationContext context;

	@BeforeAll
	static void developerRanTheApp() throws Exception {
		DevBucket.seed(Path.of(DEV_BUCKET));
		before = DevBucket.hashes(Path.of(DEV_BUCKET));
		assertThat(before).isNotEmpty();
	}

	@Test
	void neitherRestoresFromNorFlushesIntoTheDevBucket() throws Exception {
		assertThat(this.jdbc.sql("SELECT body FROM note").query(String.class).list()).doesNotContain(DevBucket.NOTE);
		this.jdbc.sql("INSERT INTO note (body) VALUES ('from a test')").update();
		this.database.forceFlush();
		this.context.stop(); // the shutdown path: BucketHead's final flush
		assertThat(DevBucket.hashes(Path.of(DEV_BUCKET))).isEqualTo(before);
	}

}
