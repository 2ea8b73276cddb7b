package dev.buckethead.sample;

import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A plain {@code @SpringBootTest}, no BucketHead annotation, configured with the developer's bucket: with the test
 * support on the test classpath it neither restores from that bucket nor flushes into it, so every file there is
 * byte-for-byte what it was. {@link OptedOutSpringBootTestUsesDevBucketTests} is the same test opted out.
 */
@SpringBootTest(properties = "buckethead.bucket.local-directory=" + PlainSpringBootTestKeepsDevBucketTests.DEV_BUCKET)
@DirtiesContext
class PlainSpringBootTestKeepsDevBucketTests extends DevBucketScenario {

	static final String DEV_BUCKET = "target/dev-bucket/plain";

	private static Map<String, String> before;

	@BeforeAll
	static void seed() throws Exception {
		before = developerRanTheApp(DEV_BUCKET);
		assertThat(before).isNotEmpty();
	}

	@Test
	void neitherRestoresFromNorFlushesIntoTheDevBucket() throws Exception {
		assertThat(notes()).doesNotContain(NOTE);
		writeFlushAndStop();
		assertThat(hashes(DEV_BUCKET)).isEqualTo(before);
	}

}
