package dev.buckethead.snapshot;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdException;

/**
 * Compresses chunk objects with zstd. Level 1 by default: SQLite pages compress well even at the fastest
 * level, and a flush should spend its time uploading, not compressing.
 */
public final class ChunkCodec {

	public static final String NAME = "zstd";

	private final int level;

	public ChunkCodec(int level) {
		if (level < Zstd.minCompressionLevel() || level > Zstd.maxCompressionLevel()) {
			throw new IllegalArgumentException("zstd level must be between " + Zstd.minCompressionLevel() + " and "
					+ Zstd.maxCompressionLevel() + ", got " + level);
		}
		this.level = level;
	}

	/** The largest a chunk of {@code length} bytes can become: the size of a {@link #compress} target. */
	public static int maxCompressedLength(int length) {
		return (int) Zstd.compressBound(length);
	}

	/**
	 * Compresses the first {@code length} bytes of {@code data} into {@code target} (at least
	 * {@link #maxCompressedLength(int)} long), so that callers can reuse both arrays.
	 * @return the compressed length
	 */
	public int compress(byte[] data, int length, byte[] target) {
		return compress(data, length, target, 0);
	}

	/** Like {@link #compress(byte[], int, byte[])}, writing from {@code targetOffset} on. */
	public int compress(byte[] data, int length, byte[] target, int targetOffset) {
		return (int) Zstd.compressByteArray(target, targetOffset, target.length - targetOffset, data, 0, length, level);
	}

	/**
	 * Decompresses the first {@code size} bytes of {@code compressed} into the first {@code length} bytes of
	 * {@code target}, so that callers can reuse both arrays.
	 * @param key the object they came from and {@code where} the part of it, for the error
	 * @throws CorruptSnapshotException when the bytes are not a zstd frame of exactly {@code length} bytes
	 */
	/** Decompresses a whole zstd frame into a new array of exactly {@code length} bytes. */
	public byte[] decompress(byte[] compressed, int length, String key) {
		byte[] target = new byte[length];
		decompress(compressed, compressed.length, target, length, key, "the object");
		return target;
	}

	public void decompress(byte[] compressed, int size, byte[] target, int length, String key, String where) {
		try {
			long n = Zstd.decompressByteArray(target, 0, length, compressed, 0, size);
			if (n != length) {
				throw new CorruptSnapshotException(key, where + " decompressed to " + n + " bytes, expected " + length);
			}
		}
		catch (ZstdException ex) {
			throw new CorruptSnapshotException(key, where + " is not a valid zstd frame (" + ex.getMessage() + ")");
		}
	}

}
