package dev.buckethead.files;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.SplittableRandom;

/** Reproducible pseudo-random test content: incompressible, unlike zeros, and fast to generate. */
final class RandomContent {

	private static final int CHUNK_SIZE = 1024 * 1024;

	private RandomContent() {
	}

	static byte[] bytes(int size) {
		byte[] content = new byte[size];
		new SplittableRandom(size).nextBytes(content);
		return content;
	}

	/**
	 * Writes {@code size} bytes to {@code file}, a chunk at a time so that any size fits in a small heap.
	 * @return the key of what was written, computed here independently of the FileStore
	 */
	static String writeFile(Path file, long size) throws IOException {
		MessageDigest sha256 = FileKeys.newDigest();
		SplittableRandom random = new SplittableRandom(size);
		byte[] chunk = new byte[CHUNK_SIZE];
		try (OutputStream out = new DigestOutputStream(Files.newOutputStream(file), sha256)) {
			for (long written = 0; written < size; written += chunk.length) {
				random.nextBytes(chunk);
				out.write(chunk, 0, (int) Math.min(chunk.length, size - written));
			}
		}
		return "bh-" + HexFormat.of().formatHex(sha256.digest());
	}

}
