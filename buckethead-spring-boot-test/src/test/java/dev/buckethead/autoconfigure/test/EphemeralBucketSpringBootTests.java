package dev.buckethead.autoconfigure.test;

import java.nio.file.Path;

import dev.buckethead.BucketSQLite;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plain {@code @SpringBootTest}s: ephemeral by default, above even a configured S3 bucket or one set by
 * {@code @DynamicPropertySource}; out by property.
 */
class EphemeralBucketSpringBootTests {

	@Nested
	@SpringBootTest(properties = { "buckethead.bucket.name=production-bucket",
			"buckethead.bucket.local-directory=target/never-used" })
	class ByDefault {

		@Autowired
		BucketSQLite database;

		@Autowired
		EphemeralBucket bucket;

		@Test
		void neitherTheConfiguredS3BucketNorTheLocalDirectoryIsUsed() {
			assertThat(this.database.bucket().describe()).contains(this.bucket.bucketDirectory().toString())
				.doesNotContain("production-bucket");
		}

	}

	/** As a test pointing BucketHead at a container sets it: {@code @DynamicPropertySource} goes above all else. */
	@Nested
	@SpringBootTest
	class AboveDynamicProperties {

		@Autowired
		BucketSQLite database;

		@Autowired
		EphemeralBucket bucket;

		@DynamicPropertySource
		static void bucket(DynamicPropertyRegistry registry) {
			registry.add("buckethead.bucket.name", () -> "dynamic-bucket");
			registry.add("buckethead.bucket.endpoint", () -> "http://127.0.0.1:9");
		}

		@Test
		void theDynamicBucketIsNotUsed() {
			assertThat(this.database.bucket().describe()).contains(this.bucket.bucketDirectory().toString())
				.doesNotContain("dynamic-bucket");
		}

	}

	@Nested
	@SpringBootTest(properties = { "buckethead.test.ephemeral=false",
			"buckethead.bucket.local-directory=target/opted-out-by-property" })
	class OptedOutByProperty {

		@Autowired
		BucketSQLite database;

		@Autowired
		ApplicationContext context;

		@Test
		void theConfiguredBucketIsUsed() {
			assertThat(this.database.bucket().describe())
				.contains(Path.of("target/opted-out-by-property").toAbsolutePath().toString());
			assertThat(this.context.containsBean(EphemeralBucket.BEAN_NAME)).isFalse();
		}

	}

}
