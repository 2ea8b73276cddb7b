package dev.buckethead.live;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A consistent, unchanging view of the live database's bytes, valid until {@link #close()}: the file or
 * buffer a snapshot is cut into chunks from. Taking one never blocks writers for longer than the storage
 * needs (see {@link LiveStorage}).
 */
public interface DatabaseImage extends AutoCloseable {

	/** Size in bytes: page count times page size. */
	long size();

	int pageSize();

	/** SQLite's {@code data_version} as seen by this image, to tell later whether the database changed. */
	long dataVersion();

	/**
	 * Reads up to {@code target.capacity()} bytes from {@code offset}. The buffer is cleared first and flipped
	 * after: on return its position is 0 and its limit the number of bytes read (less only at the end).
	 */
	void read(long offset, ByteBuffer target) throws IOException;

	/**
	 * The file that holds exactly this image's bytes while the image is open, when the storage has one (the
	 * {@link LiveStorage#FILE} storage); lets a whole-database upload stream from it without a copy.
	 */
	default java.util.Optional<java.nio.file.Path> file() {
		return java.util.Optional.empty();
	}

	@Override
	void close();

}
