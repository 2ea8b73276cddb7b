package dev.buckethead.live;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Optional;

/** An image read from a database file that nothing writes while the image is open. */
final class ChannelImage implements DatabaseImage {

	private final Path path;

	private final FileChannel channel;

	private final long size;

	private final int pageSize;

	private final long dataVersion;

	private final Runnable onClose;

	/** @param onClose runs after the channel is closed, e.g. to end the read transaction that keeps it stable */
	ChannelImage(Path path, FileChannel channel, long size, int pageSize, long dataVersion, Runnable onClose) {
		this.path = path;
		this.channel = channel;
		this.size = size;
		this.pageSize = pageSize;
		this.dataVersion = dataVersion;
		this.onClose = onClose;
	}

	@Override
	public long size() {
		return size;
	}

	@Override
	public int pageSize() {
		return pageSize;
	}

	@Override
	public long dataVersion() {
		return dataVersion;
	}

	@Override
	public Optional<Path> file() {
		try {
			// Only when the file holds nothing beyond the image (true right after a TRUNCATE checkpoint).
			return channel.size() == size ? Optional.of(path) : Optional.empty();
		}
		catch (IOException ex) {
			return Optional.empty();
		}
	}

	@Override
	public void read(long offset, ByteBuffer target) throws IOException {
		long position = offset;
		target.clear();
		target.limit((int) Math.min(target.capacity(), size - offset));
		while (target.hasRemaining()) {
			int n = channel.read(target, position);
			if (n < 0) {
				throw new IOException(path + " ended at " + position + ", expected " + size + " bytes");
			}
			position += n;
		}
		target.flip();
	}

	@Override
	public void close() {
		try {
			channel.close();
		}
		catch (IOException ignored) {
			// Read-only channel: nothing to lose.
		}
		finally {
			onClose.run();
		}
	}

}
