package dev.buckethead.snapshot;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import dev.buckethead.BucketHeadException;
import dev.buckethead.bucket.BucketClient;
import dev.buckethead.live.DatabaseImage;

/**
 * {@link SnapshotFormat#PLAIN}: uploads the whole image as one SQLite object, streaming from the live file when
 * the storage has one, else through a scratch copy.
 */
final class PlainSnapshotWriter {

	private final BucketClient bucket;

	PlainSnapshotWriter(BucketClient bucket) {
		this.bucket = bucket;
	}

	/** @return bytes uploaded */
	long write(DatabaseImage image, String key, Path scratchDirectory) {
		if (image.file().isPresent()) {
			bucket.putFile(key, image.file().get());
			return image.size();
		}
		Path copy = null;
		try {
			copy = Files.createTempFile(scratchDirectory, "plain-", ".db");
			try (FileChannel out = FileChannel.open(copy, StandardOpenOption.WRITE)) {
				ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
				for (long offset = 0; offset < image.size(); offset += buffer.capacity()) {
					image.read(offset, buffer);
					while (buffer.hasRemaining()) {
						out.write(buffer);
					}
				}
			}
			bucket.putFile(key, copy);
			return image.size();
		}
		catch (IOException ex) {
			throw new BucketHeadException("Cannot write the plain snapshot '" + key + "': " + ex, ex);
		}
		finally {
			if (copy != null) {
				try {
					Files.deleteIfExists(copy);
				}
				catch (IOException ignored) {
					// A leftover scratch file is harmless.
				}
			}
		}
	}

}
