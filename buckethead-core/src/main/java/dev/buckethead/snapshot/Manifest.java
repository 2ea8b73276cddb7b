package dev.buckethead.snapshot;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * An immutable description of one snapshot generation: enough to rebuild the database byte for byte from its
 * chunks. Written after all of its chunks and before the head pointer, so a reader never finds a manifest whose
 * chunks are missing.
 * <p>
 * Format 1 stores each chunk as its own content-addressed object; format 2 ({@link #FORMAT}, written since packs
 * exist) records for each chunk where its bytes are in a pack ({@link ChunkRef#location()}). Both are read.
 *
 * @param format the manifest format version: {@link #FORMAT_CHUNK_OBJECTS} or {@link #FORMAT_PACKS}
 * @param generation this generation's id (time-ordered, see {@link GenerationIds})
 * @param parent the generation this one was flushed after, null for the first of a lineage
 * @param branch the branch it was flushed on
 * @param createdAt when it was written
 * @param size database size in bytes
 * @param pageSize SQLite page size
 * @param chunkSize nominal chunk size in bytes
 * @param compression how chunks are compressed ({@code zstd})
 * @param chunks the chunks in database order
 * @param references for each {@link ReferenceSource} by name, the SHA-256 of the object listing the keys this
 * generation refers to (see {@link SnapshotLayout#referencesKey(String)})
 */
public record Manifest(int format, String generation, @Nullable String parent, String branch, Instant createdAt,
		long size, int pageSize, int chunkSize, String compression, List<ChunkRef> chunks,
		@Nullable Map<String, String> references) {

	/** Every chunk is its own object at {@link SnapshotLayout#chunkKey(String)}. */
	public static final int FORMAT_CHUNK_OBJECTS = 1;

	/** Chunks are zstd frames in pack objects, each located by its {@link ChunkRef#location()}. */
	public static final int FORMAT_PACKS = 2;

	/** The newest format this version reads, and the one it writes. */
	public static final int FORMAT = FORMAT_PACKS;

	public Manifest {
		chunks = List.copyOf(chunks);
		references = references == null ? Map.of() : Map.copyOf(references);
	}

}
