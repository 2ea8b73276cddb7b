package dev.buckethead.snapshot;

/**
 * Where one chunk of a base is stored: its own object (today's layout, {@code chunks/<aa>/<sha256>}), or a
 * byte range of a packed object holding many chunks, which lets a restore fetch several with one range GET.
 *
 * @param sha256 hex SHA-256 of the uncompressed chunk
 * @param length uncompressed length
 * @param key the object holding it
 * @param offset where its compressed bytes start in that object; -1 when the chunk is the whole object
 * @param storedLength its compressed length; -1 when the chunk is the whole object
 */
public record ChunkLocation(String sha256, int length, String key, long offset, long storedLength) {

	public static ChunkLocation ownObject(String sha256, int length, String key) {
		return new ChunkLocation(sha256, length, key, -1, -1);
	}

	public static ChunkLocation packed(String sha256, int length, String key, long offset, long storedLength) {
		if (offset < 0 || storedLength <= 0) {
			throw new IllegalArgumentException("a packed chunk needs an offset and a stored length, got " + offset
					+ " and " + storedLength);
		}
		return new ChunkLocation(sha256, length, key, offset, storedLength);
	}

	public boolean isPacked() {
		return offset >= 0;
	}

}
