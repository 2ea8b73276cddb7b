package dev.buckethead.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * Copies a stream into a file while hashing it, so that content of any size is read once and never held in
 * memory. Puts use it to learn the key before uploading; gets use it to check a download before moving it into
 * place.
 */
final class HashingCopy {

	private static final int BUFFER_SIZE = 64 * 1024;

	private HashingCopy() {
	}

	/**
	 * Copies the rest of {@code source} into {@code target}, replacing its content. Leaves {@code source} open.
	 * @return the key and size of what was copied
	 */
	static Copied copy(InputStream source, Path target) throws IOException {
		MessageDigest digest = FileKeys.newDigest();
		byte[] buffer = new byte[BUFFER_SIZE];
		long size = 0;
		try (OutputStream out = Files.newOutputStream(target)) {
			int read;
			while ((read = source.read(buffer)) != -1) {
				digest.update(buffer, 0, read);
				out.write(buffer, 0, read);
				size += read;
			}
		}
		return new Copied(FileKeys.keyOf(digest), size);
	}

	/**
	 * The result of a copy.
	 *
	 * @param key the key of the content copied
	 * @param size its length in bytes
	 */
	record Copied(String key, long size) {
	}

}
