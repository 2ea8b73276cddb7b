package dev.buckethead.autoconfigure.test;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.test.autoconfigure.JdbcTest;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** Tests that start from a snapshot fixture, and the fixture mistakes that fail before the engine starts. */
class SnapshotFixtureTests {

	@Nested
	@JdbcTest
	@AutoConfigureBucketHead(restoreFrom = "classpath:fixtures/notes.db")
	class PlainSqliteFile {

		@Autowired
		JdbcClient jdbc;

		@Test
		void theTestStartsFromTheFile() {
			assertThat(this.jdbc.sql("SELECT text FROM notes ORDER BY id").query(String.class).list())
				.containsExactly("from the plain fixture", "second");
		}

	}

	@Nested
	@JdbcTest
	@AutoConfigureBucketHead(restoreFrom = "classpath:fixtures/bucket")
	class BucketDirectory {

		@Autowired
		JdbcClient jdbc;

		@Autowired
		EphemeralBucket bucket;

		@Test
		void theTestStartsFromTheBucketsSnapshotInACopy() throws Exception {
			assertThat(this.jdbc.sql("SELECT text FROM notes").query(String.class).list())
				.containsExactly("from the bucket fixture");
			assertThat(this.bucket.bucketDirectory().resolve("buckethead.db.bh/heads/main.json")).isRegularFile();
		}

	}

	@Test
	void aMissingFixtureNamesItsLocation() {
		EphemeralBucketContextCustomizer customizer = new EphemeralBucketContextCustomizer(true, true,
				"classpath:fixtures/missing.db");
		try (GenericApplicationContext context = new GenericApplicationContext()) {
			assertThatIllegalStateException().isThrownBy(() -> customizer.customizeContext(context, null))
				.withMessageContaining("'classpath:fixtures/missing.db' does not exist");
		}
	}

	@Test
	void aFileThatIsNotSqliteIsRefused(@TempDir Path bucket) {
		assertThatIllegalStateException()
			.isThrownBy(() -> SnapshotFixture.copy(new ByteArrayResource("not a database".getBytes()), "notes.txt",
					bucket, "buckethead.db"))
			.withMessageContaining("'notes.txt' is neither a directory nor an SQLite database file");
		assertThat(Files.exists(bucket.resolve("buckethead.db"))).isFalse();
	}

	@Test
	void aFixtureNeedsTheEphemeralBucket() {
		EphemeralBucketContextCustomizer customizer = new EphemeralBucketContextCustomizer(true, false,
				"classpath:fixtures/notes.db");
		try (GenericApplicationContext context = new GenericApplicationContext()) {
			assertThatIllegalStateException().isThrownBy(() -> customizer.customizeContext(context, null))
				.withMessageContaining("needs ephemeral = true");
		}
	}

}
