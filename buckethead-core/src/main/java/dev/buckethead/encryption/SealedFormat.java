package dev.buckethead.encryption;

/**
 * The layout of a sealed object (format 1, see {@code docs/encryption.md}): a 40-byte header, then the plaintext
 * in segments of {@link #SEGMENT} bytes (the last one shorter, and present, empty, for an empty object), each
 * sealed with AES-256-GCM and followed by its 16-byte tag. The sizes are fixed by the format, so the plaintext
 * size of an object follows from its stored size and a plaintext range maps to a stored range without reading
 * the object: pure arithmetic, here.
 *
 * <pre>
 * offset size  field
 *   0     4   magic "BHEO"
 *   4     1   format version (1)
 *   5     1   log2 of the segment size (16)
 *   6     2   reserved (0)
 *   8     8   key id (first 8 bytes of HMAC-SHA256(master key, "buckethead key id"))
 *  16    16   salt: random; the object's AES key is HKDF-SHA256(master key, salt, "buckethead object v1")
 *  32     7   nonce prefix: random; segment i's nonce is prefix, i (4 bytes), 1 if last else 0
 *  39     1   reserved (0)
 *  40         segments: ciphertext, tag; associated data of each: the header and the object's key (UTF-8)
 * </pre>
 */
final class SealedFormat {

	static final byte[] MAGIC = { 'B', 'H', 'E', 'O' };

	static final int VERSION = 1;

	static final int SEGMENT_LOG2 = 16;

	/** Plaintext bytes per segment: 64 KiB, so a range read decrypts at most 64 KiB it does not need at each end. */
	static final int SEGMENT = 1 << SEGMENT_LOG2;

	static final int TAG = 16;

	static final int SEALED_SEGMENT = SEGMENT + TAG;

	static final int HEADER = 40;

	static final int SALT = 16;

	static final int NONCE_PREFIX = 7;

	static final int KEY_ID_OFFSET = 8;

	static final int SALT_OFFSET = 16;

	static final int NONCE_PREFIX_OFFSET = 32;

	private SealedFormat() {
	}

	/** Segments of a plaintext of {@code plainSize} bytes: at least one. */
	static long segments(long plainSize) {
		return plainSize == 0 ? 1 : (plainSize + SEGMENT - 1) / SEGMENT;
	}

	static long sealedSize(long plainSize) {
		return HEADER + plainSize + TAG * segments(plainSize);
	}

	/** The plaintext size of a sealed object of {@code sealedSize} bytes; 0 for one too short to be sealed. */
	static long plainSize(long sealedSize) {
		long body = sealedSize - HEADER;
		if (body < TAG) {
			return 0;
		}
		long segments = (body + SEALED_SEGMENT - 1) / SEALED_SEGMENT;
		return body - TAG * segments;
	}

	/** Where sealed segment {@code index} starts in the object. */
	static long sealedOffset(long index) {
		return HEADER + index * SEALED_SEGMENT;
	}

	static boolean hasMagic(byte[] header) {
		return header.length >= HEADER && header[0] == MAGIC[0] && header[1] == MAGIC[1] && header[2] == MAGIC[2]
				&& header[3] == MAGIC[3];
	}

}
