package dev.buckethead.tracker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;

/**
 * A file's size and modification time (in nanoseconds since the epoch, as precise as the file system keeps it):
 * what a sync compares to decide, without reading the file, that it has not changed.
 */
record FileStamp(long size, long modifiedNanos) {

	/** The stamp of the file at {@code path}, following symbolic links. */
	static FileStamp read(Path path) throws IOException {
		BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
		Instant modified = attributes.lastModifiedTime().toInstant();
		return new FileStamp(attributes.size(), Math.addExact(Math.multiplyExact(modified.getEpochSecond(),
				1_000_000_000L), modified.getNano()));
	}

	Instant modifiedAt() {
		return Instant.ofEpochSecond(0, modifiedNanos);
	}

}
