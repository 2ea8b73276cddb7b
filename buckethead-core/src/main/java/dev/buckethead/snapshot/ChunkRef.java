package dev.buckethead.snapshot;

/**
 * One chunk of a snapshot, in database order.
 *
 * @param sha256 hex SHA-256 of the chunk's uncompressed bytes: its identity and its object key
 * @param length uncompressed length (the chunk size, except for the last chunk)
 */
public record ChunkRef(String sha256, int length) {
}
