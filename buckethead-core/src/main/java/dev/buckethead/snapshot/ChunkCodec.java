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
	 * @throws CorruptSnapshotException when the bytes are not a zstd frame of exactly {@code length} bytes
	 */
	public byte[] decompress(byte[] compressed, int length, String key) {
		byte[] target = new byte[length];
		try {
			long n = Zstd.decompressByteArray(target, 0, length, compressed, 0, compressed.length);
			if (n != length) {
				throw new CorruptSnapshotException(key, "decompressed to " + n + " bytes, expected " + length);
			}
		}
		catch (ZstdException ex) {
			throw new CorruptSnapshotException(key, "not a valid zstd chunk (" + ex.getMessage() + ")");
		}
		return target;
	}

}
