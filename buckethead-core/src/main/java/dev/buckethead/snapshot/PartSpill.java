package dev.buckethead.snapshot;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

import dev.buckethead.BucketHeadException;
import org.jspecify.annotations.Nullable;

/**
 * The first parts of a chain's steps, kept in a scratch file between the walk that reads them (in parallel, once
 * each) and the apply that needs them in order: a chain of thousands of steps costs one GET a step, and disk
 * rather than heap. Its name is removed as soon as it is open (or, where the system keeps open files' names,
 * when it is closed), so that nothing is left in the directory however the restore ends.
 */
final class PartSpill implements AutoCloseable {

	private final Path file;

	private final FileChannel channel;

	private final Map<String, long[]> places = new HashMap<>();

	private long size;

	/** Whether the file's name is gone already (its space stays until the channel closes). */
	private final boolean unlinked;

	PartSpill(Path directory) {
		try {
			Files.createDirectories(directory);
			this.file = Files.createTempFile(directory, "chain-", ".parts");
			this.channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
			this.unlinked = unlink(file);
		}
		catch (IOException ex) {
			throw new BucketHeadException("Cannot create a scratch file for a restore in " + directory + " (" + ex
					+ "): a restore keeps the parts of a chain's steps there until it applies them; make the directory "
					+ "writable, or give it free space", ex);
		}
	}

	void put(String key, byte[] part) {
		ByteBuffer buffer = ByteBuffer.wrap(part);
		try {
			long position = size;
			while (buffer.hasRemaining()) {
				position += channel.write(buffer, position);
			}
		}
		catch (IOException ex) {
			throw new BucketHeadException("Cannot write the restore's scratch file " + file + " (" + ex
					+ "): the directory is full or not writable; give it free space (a restore needs the chain's "
					+ "small parts there beside the database)", ex);
		}
		places.put(key, new long[] { size, part.length });
		size += part.length;
	}

	/** The part kept for {@code key}, or null when none is. */
	byte @Nullable [] get(String key) {
		long[] place = places.get(key);
		if (place == null) {
			return null;
		}
		ByteBuffer buffer = ByteBuffer.allocate((int) place[1]);
		try {
			while (buffer.hasRemaining()) {
				if (channel.read(buffer, place[0] + buffer.position()) < 0) {
					throw new BucketHeadException("The restore's scratch file " + file + " ends early");
				}
			}
		}
		catch (IOException ex) {
			throw new BucketHeadException("Cannot read the restore's scratch file " + file + ": " + ex, ex);
		}
		return buffer.array();
	}

	/**
	 * Removes the file's name while the channel stays open, where the system allows it: a process that dies during
	 * the restore (its directory usually RAM-backed) leaves nothing behind, as the system frees an unnamed file's
	 * space with its last descriptor. Elsewhere {@link #close()} deletes it.
	 */
	private static boolean unlink(Path file) {
		try {
			Files.delete(file);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	@Override
	public void close() {
		try {
			channel.close();
			if (!unlinked) {
				Files.deleteIfExists(file);
			}
		}
		catch (IOException ex) {
			// A leftover scratch file is harmless.
		}
	}

}
