package dev.buckethead.sample;

import java.nio.file.Path;
import java.util.Map;

import dev.buckethead.autoconfigure.test.AutoConfigureBucketHead;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The control for {@link PlainSpringBootTestKeepsDevBucketTests}: opted out with
 * {@code @AutoConfigureBucketHead(ephemeral = false)}, the same test restores the developer's note and flushes
 * into the developer's bucket, so the check there can fail.
 */
@SpringBootTest(properties = "buckethead.bucket.local-directory=" + OptedOutSpringBootTestUsesDevBucketTests.DEV_BUCKET)
@AutoConfigureBucketHead(ephemeral = false)
@DirtiesContext
class OptedOutSpringBootTestUsesDevBucketTests {

	static final String DEV_BUCKET = "target/dev-bucket/opted-out";

	private static Map<String, String> before;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	ConfigurableApplicationContext context;

	@BeforeAll
	static void developerRanTheApp() throws Exception {
		DevBucket.seed(Path.of(DEV_BUCKET));
		before = DevBucket.hashes(Path.of(DEV_BUCKET));
	}

	@Test
	void restoresFromAndFlushesIntoTheConfiguredBucket() throws Exception {
		assertThat(this.jdbc.sql("SELECT body FROM note").query(String.class).list()).contains(DevBucket.NOTE);
		this.jdbc.sql("INSERT INTO note (body) VALUES ('from a test')").update();
		this.context.stop(); // the shutdown path: BucketHead's final flush
		assertThat(DevBucket.hashes(Path.of(DEV_BUCKET))).isNotEqualTo(before);
	}

}
