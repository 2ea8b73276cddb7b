package dev.buckethead.autoconfigure.test;

import java.nio.file.Path;

import dev.buckethead.BucketSQLite;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/** Plain {@code @SpringBootTest}s: ephemeral by default, above even a configured S3 bucket; out by property. */
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
