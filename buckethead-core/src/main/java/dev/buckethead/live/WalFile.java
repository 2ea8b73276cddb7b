package dev.buckethead.live;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.jspecify.annotations.Nullable;

/**
 * Reads a SQLite WAL file (format: https://www.sqlite.org/fileformat2.html#walformat): a 32-byte header, then
 * frames of a 24-byte frame header and one page each, all integers big-endian. Only reads; what makes the
 * frames it reads stable is the caller's business (see {@link WalTracker}).
 */
final class WalFile implements AutoCloseable {

	static final int HEADER_BYTES = 32;

	static final int FRAME_HEADER_BYTES = 24;

	private static final int MAGIC_LITTLE_ENDIAN_CHECKSUMS = 0x377f0682;

	private static final int MAGIC_BIG_ENDIAN_CHECKSUMS = 0x377f0683;

	private static final int FORMAT_VERSION = 3007000;

	/** Holds one frame of the largest page size. */
	static final int MIN_BLOCK_BYTES = FRAME_HEADER_BYTES + 65536;

	private final Path path;

	private final @Nullable FileChannel channel;

	private final ByteBuffer headerBuffer = ByteBuffer.allocate(HEADER_BYTES);


	private WalFile(Path path, @Nullable FileChannel channel) {
		this.path = path;
		this.channel = channel;
	}

	/** Opens the WAL for reading; a WAL that does not exist yet reads as empty. */
	static WalFile open(Path path) throws IOException {
		try {
			return new WalFile(path, FileChannel.open(path, StandardOpenOption.READ));
		}
		catch (NoSuchFileException ex) {
			return new WalFile(path, null);
		}
	}

	/**
	 * The header, or null when the file holds none (empty, truncated to zero, or never written): such a WAL has
	 * no valid frames.
	 */
	@Nullable Header header() throws IOException {
		if (channel == null || channel.size() < HEADER_BYTES) {
			return null;
		}
		headerBuffer.clear();
		readFully(headerBuffer, 0);
		int magic = headerBuffer.getInt(0);
		if (magic != MAGIC_LITTLE_ENDIAN_CHECKSUMS && magic != MAGIC_BIG_ENDIAN_CHECKSUMS) {
			return null;
		}
		if (headerBuffer.getInt(4) != FORMAT_VERSION) {
			throw new IOException(path + " has WAL format " + headerBuffer.getInt(4) + ", expected " + FORMAT_VERSION);
		}
		return new Header(headerBuffer.getInt(8), headerBuffer.getLong(16));
	}

	/**
	 * Hands the headers of frames {@code first..last} (1-based) to {@code visitor} in order, reading the WAL in
	 * blocks of {@code block}'s capacity rather than one small read per frame.
	 * @param block a buffer to reuse, of at least {@link #MIN_BLOCK_BYTES}
	 */
	void forEachFrame(long first, long last, int pageSize, ByteBuffer block, FrameVisitor visitor) throws IOException {
		int frameBytes = FRAME_HEADER_BYTES + pageSize;
		int perBlock = Math.max(1, block.capacity() / frameBytes);
		long frame = first;
		while (frame <= last) {
			int frames = (int) Math.min(perBlock, last - frame + 1);
			// Up to the last header: the page after it is not needed.
			block.clear().limit((frames - 1) * frameBytes + FRAME_HEADER_BYTES);
			readFully(block, frameOffset(frame, pageSize));
			for (int i = 0; i < frames; i++) {
				int at = i * frameBytes;
				visitor.visit(frame + i, new FrameHeader(block.getInt(at), Integer.toUnsignedLong(block.getInt(at + 4)),
						block.getLong(at + 8)));
			}
			frame += frames;
		}
	}

	/** Receives frame headers from {@link #forEachFrame}. */
	@FunctionalInterface
	interface FrameVisitor {

		void visit(long frame, FrameHeader header) throws IOException;

	}

	/** Reads the page stored in frame {@code frame} into {@code target}, cleared first and flipped after. */
	void readPage(long frame, int pageSize, ByteBuffer target) throws IOException {
		target.clear().limit(pageSize);
		readFully(target, frameOffset(frame, pageSize) + FRAME_HEADER_BYTES);
		target.flip();
	}

	static long frameOffset(long frame, int pageSize) {
		return HEADER_BYTES + (frame - 1) * (FRAME_HEADER_BYTES + (long) pageSize);
	}

	/** The file's length, 0 when it does not exist. */
	long size() throws IOException {
		return channel == null ? 0 : channel.size();
	}

	/** Fills {@code buffer} from its position to its limit with the bytes at {@code offset}. */
	private void readFully(ByteBuffer buffer, long offset) throws IOException {
		if (channel == null) {
			throw new IOException(path + " does not exist");
		}
		long position = offset;
		while (buffer.hasRemaining()) {
			int n = channel.read(buffer, position);
			if (n < 0) {
				throw new IOException(path + " ended at " + position + " while reading " + buffer.limit()
						+ " bytes from " + offset);
			}
			position += n;
		}
	}

	@Override
	public void close() {
		if (channel != null) {
			try {
				channel.close();
			}
			catch (IOException ignored) {
				// Read-only channel: nothing to lose.
			}
		}
	}

	/**
	 * @param pageSize the page size the frames hold
	 * @param salts salt-1 and salt-2 as one number: they identify one generation of the WAL, from one restart
	 * of the log to the next, and every valid frame of that generation carries them
	 */
	record Header(int pageSize, long salts) {
	}

	/**
	 * @param page the database page the frame holds
	 * @param commitSize for a commit frame, the database size in pages after the commit; 0 for other frames
	 * @param salts the frame's copy of the header's salts
	 */
	record FrameHeader(int page, long commitSize, long salts) {
	}

}
