package dev.buckethead.snapshot;

/**
 * Where a chunk's compressed bytes are: {@code size} bytes at {@code offset} of a pack object, one zstd frame that
 * decompresses to the chunk.
 *
 * @param pack the pack's id, its key relative to the packs folder ({@link SnapshotLayout#packKey(String)})
 * @param offset where the frame starts in the pack
 * @param size the frame's length in bytes
 */
public record ChunkLocation(String pack, long offset, int size) {

	/** The first byte after the frame. */
	public long end() {
		return offset + size;
	}

}
