package dev.buckethead.files;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.buckethead.bucket.BucketClient;
import dev.buckethead.bucket.LocalDirectoryBucketClient;
import dev.buckethead.bucket.S3BucketClient;
import dev.buckethead.bucket.TestBuckets;
import dev.buckethead.view.TestViewContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Puts and gets a file larger than the heap, through a local and an S3 bucket, to prove that content is
 * streamed. The build runs this class alone in a JVM with {@code -Xmx64m} (the {@code large-file} surefire
 * execution of {@code buckethead-core}); the first assertion fails if it ever runs with a heap big enough to
 * hide buffering.
 */
@Tag("large-file")
class FileStoreLargeFileTests {

	private static final long SIZE = 96L * 1024 * 1024;

	@TempDir
	Path bucketDir;

	@TempDir
	Path work;

	@Test
	void putsAndGetsAFileLargerThanTheHeapThroughALocalBucket() throws Exception {
		roundTripLargerThanTheHeap(new LocalDirectoryBucketClient(bucketDir));
	}

	@Test
	void putsAndGetsAFileLargerThanTheHeapThroughS3() throws Exception {
		try (S3BucketClient bucket = TestBuckets.newS3Bucket("files-large")) {
			roundTripLargerThanTheHeap(bucket);
		}
	}

	private void roundTripLargerThanTheHeap(BucketClient bucket) throws Exception {
		assertThat(Runtime.getRuntime().maxMemory()).as("max heap of this test JVM").isLessThan(SIZE);
		Path source = work.resolve("large.bin");
		String expectedKey = RandomContent.writeFile(source, SIZE);
		try (TestViewContext context = new TestViewContext(bucket)) {
			FileStore files = new FileStore(context);
			String key = files.put(source);
			assertThat(key).isEqualTo(expectedKey);
			assertThat(files.stat(key)).hasValueSatisfying((info) -> assertThat(info.size()).isEqualTo(SIZE));
			Path copy = files.get(key, work.resolve("copy.bin"));
			assertThat(Files.mismatch(source, copy)).isEqualTo(-1L);
			try (InputStream in = files.open(key)) {
				assertThat(in.transferTo(OutputStream.nullOutputStream())).isEqualTo(SIZE);
			}
		}
	}

}
