package dev.buckethead.sample;

import java.util.Map;

import dev.buckethead.autoconfigure.test.AutoConfigureBucketHead;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
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
class OptedOutSpringBootTestUsesDevBucketTests extends DevBucketScenario {

	static final String DEV_BUCKET = "target/dev-bucket/opted-out";

	private static Map<String, String> before;

	@BeforeAll
	static void seed() throws Exception {
		before = developerRanTheApp(DEV_BUCKET);
	}

	@Test
	void restoresFromAndFlushesIntoTheConfiguredBucket() throws Exception {
		assertThat(notes()).contains(NOTE);
		writeFlushAndStop();
		assertThat(hashes(DEV_BUCKET)).isNotEqualTo(before);
	}

}
