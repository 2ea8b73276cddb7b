package dev.buckethead.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;

import dev.buckethead.bucket.CountingBucketClient;
import dev.buckethead.bucket.S3BucketClient;
import dev.buckethead.bucket.TestBuckets;
import dev.buckethead.view.TestViewContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The main FileStore paths against a real S3 server (S3Proxy), where large puts are multipart uploads. */
class FileStoreS3Tests {

	/** Over the default 16 MiB multipart threshold. */
	private static final int MULTIPART_SIZE = 20 * 1024 * 1024;

	@TempDir
	Path work;

	private S3BucketClient s3;

	private CountingBucketClient bucket;

	private TestViewContext context;

	private FileStore files;

	@BeforeEach
	void setUp() {
		s3 = TestBuckets.newS3Bucket("files");
		bucket = new CountingBucketClient(s3);
		context = new TestViewContext(bucket);
		files = new FileStore(context);
	}

	@AfterEach
	void tearDown() throws SQLException {
		context.close();
		s3.close();
	}

	@Test
	void putThenGetRoundTripsAMultipartUploadAndUploadsItOnce() throws IOException {
		Path source = work.resolve("big.bin");
		String expectedKey = RandomContent.writeFile(source, MULTIPART_SIZE);
		String key = files.put(source);
		assertThat(key).isEqualTo(expectedKey);
		assertThat(s3.head("files/" + key))
			.hasValueSatisfying((info) -> assertThat(info.size()).isEqualTo(MULTIPART_SIZE));
		assertThat(files.put(source)).isEqualTo(key);
		assertThat(bucket.counters().puts()).isEqualTo(1);
		Path copy = files.get(key, work.resolve("copy.bin"));
		assertThat(Files.mismatch(source, copy)).isEqualTo(-1L);
	}

	@Test
	void corruptionIsDetectedOnGetAndOpen() throws IOException {
		String key = files.put("original".getBytes(StandardCharsets.UTF_8));
		s3.put("files/" + key, "tampered".getBytes(StandardCharsets.UTF_8));
		Path destination = work.resolve("never.txt");
		assertThatExceptionOfType(BlobCorruptException.class).isThrownBy(() -> files.get(key, destination))
			.withMessageContaining(key);
		assertThat(work).isEmptyDirectory();
		try (InputStream in = files.open(key)) {
			assertThatExceptionOfType(BlobCorruptException.class).isThrownBy(in::readAllBytes);
		}
	}

	@Test
	void gcDeletesAnUnreferencedBlobOnlyOnceTheGracePeriodHasPassed() {
		String key = files.put("short-lived".getBytes(StandardCharsets.UTF_8));
		files.delete(key);
		assertThat(files.gc().candidates()).isEmpty();
		FileStore later = new FileStore(context,
				FileStoreOptions.defaults().withClock(Clock.offset(Clock.systemUTC(), Duration.ofHours(2))));
		assertThat(later.gc().deleted()).containsExactly(key);
		assertThat(s3.head("files/" + key)).isEmpty();
	}

}
