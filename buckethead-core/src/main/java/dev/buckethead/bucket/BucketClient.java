package dev.buckethead.bucket;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * The few bucket operations BucketHead needs. Implementations: {@link S3BucketClient} (any S3-compatible
 * server) and {@link LocalDirectoryBucketClient} (a directory on disk, the embedded default for development).
 * <p>
 * Keys are '/'-separated object names. Every failure is a {@link BucketException} naming the operation and
 * key; a refused conditional write is a {@link PreconditionFailedException}. Implementations are thread-safe.
 */
public interface BucketClient extends AutoCloseable {

	/** Reads a whole object into memory, or empty when there is no object at {@code key}. */
	Optional<StoredObject> get(String key);

	/**
	 * Reads an object only if it changed: with {@code etag} null, like {@link #get} (changed or missing); with an
	 * ETag, {@link ConditionalGet.Outcome#NOT_MODIFIED} when the object still has it. S3 sends
	 * {@code If-None-Match} and answers 304 with no body, so polling an unchanged object costs one small request.
	 * This default reads the whole object and compares ETags, for implementations without a native form.
	 */
	default ConditionalGet getIfChanged(String key, @Nullable String etag) {
		return ConditionalGet.of(get(key), etag);
	}

	/**
	 * Opens a stream over an object's bytes, or empty when there is no object at {@code key}. The caller
	 * closes the stream. Memory use is constant whatever the object's size.
	 */
	Optional<InputStream> openStream(String key);

	/**
	 * Opens a stream over the {@code length} bytes of an object that start at {@code offset} (one HTTP Range
	 * GET on S3), or empty when there is no object at {@code key}. The stream stops where the object ends: a
	 * range that reaches past the end reads as fewer bytes, and one that starts at or past it as none, so a
	 * caller that needs the whole range compares what it read with what it asked for. The caller closes the
	 * stream; memory use is constant whatever the length.
	 * <p>
	 * This default reads the object from its start and discards the bytes before {@code offset}: correct for
	 * any client, and overridden by every client of this library with a real ranged read.
	 * @throws IllegalArgumentException when {@code offset} is negative or {@code length} is not positive
	 */
	default Optional<InputStream> openStream(String key, long offset, long length) {
		ByteRange.check(offset, length);
		return openStream(key).map((in) -> ByteRange.skipAndLimit(in, key, offset, length));
	}

	/** Describes an object without reading it, or empty when there is none. */
	Optional<ObjectInfo> head(String key);

	/**
	 * Writes the first {@code length} bytes of {@code data} at {@code key} if {@code condition} holds. The array
	 * is not kept after this returns, so callers may reuse it: snapshots upload from pooled buffers.
	 * @return the ETag of the written object
	 * @throws PreconditionFailedException when the condition does not hold (nothing was written)
	 */
	String put(String key, byte[] data, int length, WriteCondition condition);

	/** Writes all of {@code data} at {@code key} if {@code condition} holds; see above. */
	default String put(String key, byte[] data, WriteCondition condition) {
		return put(key, data, data.length, condition);
	}

	/** Writes {@code data} at {@code key} unconditionally; returns the new ETag. */
	default String put(String key, byte[] data) {
		return put(key, data, WriteCondition.none());
	}

	/**
	 * Uploads a file of any size at {@code key} with constant memory (multipart above an implementation
	 * threshold). Returns the new ETag.
	 */
	String putFile(String key, Path file);

	/** Deletes an object; deleting a key with no object is not an error. */
	void delete(String key);

	/** Lists every object whose key starts with {@code prefix}, in key order, following all pages. */
	List<ObjectInfo> list(String prefix);

	/** A human description for logs and errors, such as {@code s3://bucket at https://host}. Never a secret. */
	String describe();

	@Override
	default void close() {
	}

}
