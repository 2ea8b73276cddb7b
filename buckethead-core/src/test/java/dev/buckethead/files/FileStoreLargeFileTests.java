package dev.buckethead.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.SplittableRandom;

import dev.buckethead.bucket.LocalDirectoryBucketClient;
import dev.buckethead.view.TestViewContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Puts and gets a file larger than the heap, to prove that content is streamed. The build runs this class alone
 * in a JVM with {@code -Xmx64m} (the {@code large-file} surefire execution of {@code buckethead-core}); the
 * first assertion fails if it ever runs with a heap big enough to hide buffering.
 */
@Tag("large-file")
class FileStoreLargeFileTests {

	private static final long SIZE = 96L * 1024 * 1024;

	@TempDir
	Path bucketDir;

	@TempDir
	Path work;

	@Test
	void putsAndGetsAFileLargerThanTheHeap() throws Exception {
		assertThat(Runtime.getRuntime().maxMemory()).as("max heap of this test JVM").isLessThan(SIZE);
		Path source = work.resolve("large.bin");
		String expectedKey = writeRandomFile(source);
		try (TestViewContext context = new TestViewContext(new LocalDirectoryBucketClient(bucketDir))) {
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

	/** Writes {@link #SIZE} pseudo-random bytes (incompressible, unlike zeros) and returns their key. */
	private static String writeRandomFile(Path file) throws IOException {
		MessageDigest sha256 = FileKeys.newDigest();
		SplittableRandom random = new SplittableRandom(42);
		byte[] buffer = new byte[1024 * 1024];
		try (OutputStream out = new DigestOutputStream(Files.newOutputStream(file), sha256)) {
			for (long written = 0; written < SIZE; written += buffer.length) {
				random.nextBytes(buffer);
				out.write(buffer);
			}
		}
		return "bh-" + HexFormat.of().formatHex(sha256.digest());
	}

}
