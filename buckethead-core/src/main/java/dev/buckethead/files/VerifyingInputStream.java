package dev.buckethead.files;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

import org.jspecify.annotations.Nullable;

/**
 * A blob's bytes, hashed as they are read and checked against the key at the end of the stream, where a
 * mismatch throws {@link BlobCorruptException} (unchecked) instead of reporting end of stream. Every read from
 * then on throws again, so that a caller cannot mistake the corrupt content for a complete one. A stream closed
 * before its end is not checked.
 */
final class VerifyingInputStream extends InputStream {

	private final InputStream delegate;

	private final String key;

	private final String objectKey;

	private final MessageDigest digest = FileKeys.newDigest();

	private boolean ended;

	private @Nullable String actualKey;

	VerifyingInputStream(InputStream delegate, String key, String objectKey) {
		this.delegate = delegate;
		this.key = key;
		this.objectKey = objectKey;
	}

	@Override
	public int read() throws IOException {
		int read = delegate.read();
		if (read == -1) {
			return endOfStream();
		}
		digest.update((byte) read);
		return read;
	}

	@Override
	public int read(byte[] buffer, int offset, int length) throws IOException {
		int read = delegate.read(buffer, offset, length);
		if (read == -1) {
			return endOfStream();
		}
		digest.update(buffer, offset, read);
		return read;
	}

	// skip() is left to InputStream, which reads through read(byte[], int, int) and so hashes what it skips.

	@Override
	public int available() throws IOException {
		return delegate.available();
	}

	@Override
	public void close() throws IOException {
		delegate.close();
	}

	private int endOfStream() {
		if (!ended) {
			ended = true;
			actualKey = FileKeys.keyOf(digest);
		}
		if (actualKey != null && !actualKey.equals(key)) {
			throw new BlobCorruptException(key, objectKey, actualKey,
					"the bytes already read from FileStore.open are not the stored file");
		}
		return -1;
	}

}
