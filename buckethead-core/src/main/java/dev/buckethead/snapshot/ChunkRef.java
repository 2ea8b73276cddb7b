package dev.buckethead.snapshot;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * One chunk of a snapshot, in database order.
 *
 * @param sha256 hex SHA-256 of the chunk's uncompressed bytes: its identity, checked on every restore
 * @param length uncompressed length (the chunk size, except for the last chunk)
 * @param location where its compressed bytes are in a pack (manifest format 2); null for a chunk stored as its own
 * object at {@link SnapshotLayout#chunkKey(String)} (format 1)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChunkRef(String sha256, int length, @Nullable ChunkLocation location) {

	/** A chunk stored as its own object (manifest format 1). */
	public ChunkRef(String sha256, int length) {
		this(sha256, length, null);
	}

}
