package dev.buckethead.autoconfigure.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;

import dev.buckethead.bucket.LocalDirectoryBucketClient;

import org.springframework.core.io.Resource;

/**
 * Puts a test's snapshot fixture into its ephemeral bucket: a bucket directory is copied whole, a plain SQLite
 * file becomes the object at the snapshot key, which the engine imports when the branch has no snapshot yet.
 */
final class SnapshotFixture {

	/** The first 16 bytes of every SQLite database file. */
	private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

	private SnapshotFixture() {
	}

	static void copy(Resource fixture, String location, Path bucketDirectory, String snapshotKey) {
		if (!fixture.exists()) {
			throw new IllegalStateException("The BucketHead snapshot fixture '" + location + "' does not exist; "
					+ "restoreFrom takes a Spring resource location of a plain SQLite file "
					+ "(classpath:fixtures/app.db) or of a bucket directory (file:src/test/fixtures/bucket)");
		}
		try {
			Path directory = fixture.isFile() ? fixture.getFile().toPath() : null;
			if (directory != null && Files.isDirectory(directory)) {
				copyTree(directory, bucketDirectory);
			}
			else {
				copyPlainFile(fixture, location, bucketDirectory, snapshotKey);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot copy the BucketHead snapshot fixture '" + location
					+ "' into the test's bucket " + bucketDirectory, ex);
		}
	}

	private static void copyPlainFile(Resource fixture, String location, Path bucketDirectory, String snapshotKey)
			throws IOException {
		byte[] data;
		try (InputStream in = fixture.getInputStream()) {
			data = in.readAllBytes();
		}
		if (data.length < SQLITE_HEADER.length
				|| !Arrays.equals(data, 0, SQLITE_HEADER.length, SQLITE_HEADER, 0, SQLITE_HEADER.length)) {
			throw new IllegalStateException("The BucketHead snapshot fixture '" + location + "' is neither a "
					+ "directory nor an SQLite database file (it does not start with the SQLite header); give a "
					+ "plain SQLite file or a bucket directory");
		}
		// Through the bucket client, so the object lands where the engine looks for the original's snapshot.
		new LocalDirectoryBucketClient(bucketDirectory).put(snapshotKey, data);
	}

	private static void copyTree(Path source, Path target) throws IOException {
		try (Stream<Path> paths = Files.walk(source)) {
			for (Path path : paths.toList()) {
				Path copy = target.resolve(source.relativize(path).toString());
				if (Files.isDirectory(path)) {
					Files.createDirectories(copy);
				}
				else {
					Files.copy(path, copy);
				}
			}
		}
	}

}
