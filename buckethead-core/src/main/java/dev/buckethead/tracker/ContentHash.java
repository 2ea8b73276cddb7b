package dev.buckethead.tracker;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Hashes a file to the {@link dev.buckethead.files.FileStore} key its content would get ({@code bh-} and the hex
 * SHA-256), locally, so that a sync learns a file is unchanged without a bucket request.
 */
final class ContentHash {

	private ContentHash() {
	}

	static String of(Path file) throws IOException {
		MessageDigest digest = newDigest();
		byte[] buffer = new byte[64 * 1024];
		try (InputStream in = Files.newInputStream(file)) {
			int read;
			while ((read = in.read(buffer)) != -1) {
				digest.update(buffer, 0, read);
			}
		}
		return "bh-" + HexFormat.of().formatHex(digest.digest());
	}

	/** Reads a file to its content key. */
	@FunctionalInterface
	interface Hasher {

		String hash(Path file) throws IOException;

	}

	private static MessageDigest newDigest() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every Java runtime", ex);
		}
	}

}
