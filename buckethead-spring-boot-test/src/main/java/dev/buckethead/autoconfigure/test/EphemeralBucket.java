package dev.buckethead.autoconfigure.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import org.springframework.beans.factory.DisposableBean;

/**
 * The temporary bucket directory and live database directory of one test context, deleted when the context
 * closes (after the engine's final flush into it). A bean, named {@value #BEAN_NAME}, for tests that look at
 * what was flushed.
 */
public final class EphemeralBucket implements DisposableBean {

	/** The bean's name. */
	public static final String BEAN_NAME = "bucketHeadEphemeralBucket";

	private final Path root;

	private EphemeralBucket(Path root) {
		this.root = root;
	}

	static EphemeralBucket create() {
		try {
			EphemeralBucket bucket = new EphemeralBucket(Files.createTempDirectory("buckethead-test-"));
			Files.createDirectories(bucket.bucketDirectory());
			Files.createDirectories(bucket.liveDirectory());
			return bucket;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot create a temporary bucket for the test in "
					+ System.getProperty("java.io.tmpdir") + "; check that the directory is writable", ex);
		}
	}

	/** The local-directory bucket the engine restores from and flushes into. */
	public Path bucketDirectory() {
		return this.root.resolve("bucket");
	}

	/** The directory of the live database file. */
	public Path liveDirectory() {
		return this.root.resolve("live");
	}

	/**
	 * What points the engine here: no S3 bucket (a blank name means the local directory), no share bucket, and
	 * this bucket and live directory.
	 */
	Map<String, Object> properties() {
		return Map.of("buckethead.bucket.name", "", "buckethead.shares.bucket", "",
				"buckethead.bucket.local-directory", bucketDirectory().toString(), "buckethead.database.directory",
				liveDirectory().toString());
	}

	@Override
	public void destroy() throws IOException {
		if (!Files.exists(this.root)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(this.root)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
	}

	@Override
	public String toString() {
		return "EphemeralBucket[" + this.root + "]";
	}

}
