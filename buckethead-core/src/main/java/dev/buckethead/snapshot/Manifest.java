package dev.buckethead.snapshot;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * An immutable description of one snapshot generation: enough to rebuild the database byte for byte from its
 * content-addressed chunks. Written after all of its chunks and before the head pointer, so a reader never
 * finds a manifest whose chunks are missing.
 *
 * @param format the manifest format version ({@link #FORMAT})
 * @param generation this generation's id (time-ordered, see {@link GenerationIds})
 * @param parent the generation this one was flushed after, null for the first of a lineage
 * @param branch the branch it was flushed on
 * @param createdAt when it was written
 * @param size database size in bytes
 * @param pageSize SQLite page size
 * @param chunkSize nominal chunk size in bytes
 * @param compression how chunk objects are compressed ({@code zstd})
 * @param chunks the chunks in database order
 * @param references for each {@link ReferenceSource} by name, the SHA-256 of the object listing the keys this
 * generation refers to (see {@link SnapshotLayout#referencesKey(String)})
 */
public record Manifest(int format, String generation, @Nullable String parent, String branch, Instant createdAt,
		long size, int pageSize, int chunkSize, String compression, List<ChunkRef> chunks,
		@Nullable Map<String, String> references) {

	public static final int FORMAT = 1;

	public Manifest {
		chunks = List.copyOf(chunks);
		references = references == null ? Map.of() : Map.copyOf(references);
	}

}
