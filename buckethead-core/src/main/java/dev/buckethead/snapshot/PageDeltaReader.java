package dev.buckethead.snapshot;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * Decodes and verifies page-delta parts ({@link PageDeltaFormat}). A part is checked completely (lengths, zstd
 * frame, SHA-256, page numbers, its place after the previous part) before any of its pages is handed on, so a
 * damaged object never reaches the database being restored: it fails with {@link CorruptSnapshotException}
 * naming the key. Memory is one part.
 */
public final class PageDeltaReader {

	private final ChunkCodec codec;

	public PageDeltaReader(ChunkCodec codec) {
		this.codec = codec;
	}

	/** Receives a verified page; {@code content} is valid only during the call. */
	@FunctionalInterface
	public interface PageSink {

		void accept(int page, ByteBuffer content) throws IOException;

	}

	/**
	 * Reads one part from {@code in} (which must hold exactly the part) and hands its pages to {@code sink}.
	 * @param previous the part read before this one of the same delta, null for the first
	 */
	public PageDeltaPart read(InputStream in, String key, @Nullable PageDeltaPart previous, PageSink sink)
			throws IOException {
		byte[] headerBytes = readFully(in, PageDeltaFormat.HEADER_BYTES, key, "header");
		ByteBuffer header = ByteBuffer.wrap(headerBytes);
		if (header.getInt(0) != PageDeltaFormat.MAGIC) {
			throw new CorruptSnapshotException(key, "it is not a BucketHead page delta (no BHPD magic)");
		}
		int version = Short.toUnsignedInt(header.getShort(4));
		if (version > PageDeltaFormat.VERSION) {
			throw new CorruptSnapshotException(key, "it is a page delta of format " + version
					+ ", written by a newer BucketHead than this one (format " + PageDeltaFormat.VERSION + ")");
		}
		if (version != PageDeltaFormat.VERSION || header.getShort(6) != 0 || header.getInt(28) != 0) {
			throw new CorruptSnapshotException(key, "its page-delta header has an unknown version, flags or reserved field");
		}
		int pageSize = header.getInt(8);
		long pageCount = Integer.toUnsignedLong(header.getInt(12));
		int partIndex = header.getInt(16);
		int partCount = header.getInt(20);
		int pages = header.getInt(24);
		long bodyLength = header.getLong(32);
		if (!PageDeltaFormat.isValidPageSize(pageSize)) {
			throw new CorruptSnapshotException(key, "its page size " + pageSize + " is not a SQLite page size");
		}
		if (partCount < 1 || partIndex < 0 || partIndex >= partCount) {
			throw new CorruptSnapshotException(key, "it claims to be part " + partIndex + " of " + partCount);
		}
		if (pages < 0 || (long) pages * (Integer.BYTES + pageSize) > PageDeltaFormat.MAX_PAYLOAD_BYTES) {
			throw new CorruptSnapshotException(key, "it claims " + pages + " pages, more than a part may carry");
		}
		int payloadLength = PageDeltaFormat.payloadBytes(pages, pageSize);
		if (bodyLength < 1 || bodyLength > ChunkCodec.maxCompressedLength(payloadLength) + 1024) {
			throw new CorruptSnapshotException(key, "its body length " + bodyLength + " cannot hold " + pages + " pages");
		}
		byte[] body = readFully(in, (int) bodyLength, key, "body");
		if (in.read() >= 0) {
			throw new CorruptSnapshotException(key, "it has bytes after its " + bodyLength + "-byte body");
		}
		byte[] payload = codec.decompress(body, payloadLength, key);
		MessageDigest sha256 = SnapshotWriter.sha256();
		sha256.update(headerBytes, 0, PageDeltaFormat.HASHED_HEADER_BYTES);
		sha256.update(payload);
		byte[] hash = sha256.digest();
		if (!Arrays.equals(hash, 0, hash.length, headerBytes, PageDeltaFormat.HASHED_HEADER_BYTES,
				PageDeltaFormat.HEADER_BYTES)) {
			throw new CorruptSnapshotException(key, "its content does not match its SHA-256");
		}
		byte[] previousHash = Arrays.copyOfRange(headerBytes, 40, 40 + PageDeltaFormat.HASH_BYTES);
		ByteBuffer numbers = ByteBuffer.wrap(payload, 0, pages * Integer.BYTES);
		checkPlace(key, previous, pageSize, pageCount, partIndex, partCount, previousHash);
		int last = previous == null ? 0 : previous.lastPage();
		for (int i = 0; i < pages; i++) {
			int page = numbers.getInt(i * Integer.BYTES);
			if (page <= last || page > pageCount) {
				throw new CorruptSnapshotException(key, "page number " + page + " at position " + i
						+ " does not ascend within 1.." + pageCount);
			}
			last = page;
		}
		int offset = pages * Integer.BYTES;
		for (int i = 0; i < pages; i++) {
			sink.accept(numbers.getInt(i * Integer.BYTES), ByteBuffer.wrap(payload, offset, pageSize).slice());
			offset += pageSize;
		}
		return new PageDeltaPart(pageSize, pageCount, partIndex, partCount, pages, pages == 0 ? (previous == null
				? 0 : previous.lastPage()) : last, hash);
	}

	/** Reads one part held in memory. */
	public PageDeltaPart read(byte[] object, String key, @Nullable PageDeltaPart previous, PageSink sink)
			throws IOException {
		return read(new ByteArrayInputStream(object), key, previous, sink);
	}

	private static void checkPlace(String key, @Nullable PageDeltaPart previous, int pageSize, long pageCount,
			int partIndex, int partCount, byte[] previousHash) {
		if (previous == null) {
			if (partIndex != 0 || !Arrays.equals(previousHash, new byte[PageDeltaFormat.HASH_BYTES])) {
				throw new CorruptSnapshotException(key, "it is part " + partIndex + " of a delta, read as its first part");
			}
			return;
		}
		if (partIndex != previous.partIndex() + 1 || partCount != previous.partCount()
				|| pageSize != previous.pageSize() || pageCount != previous.pageCount()
				|| !Arrays.equals(previousHash, previous.sha256())) {
			throw new CorruptSnapshotException(key, "it is not the part that follows part " + previous.partIndex()
					+ " of " + previous.partCount() + " (parts of another delta, or out of order)");
		}
	}

	private static byte[] readFully(InputStream in, int length, String key, String what) throws IOException {
		byte[] bytes = in.readNBytes(length);
		if (bytes.length != length) {
			throw new CorruptSnapshotException(key, "it is truncated: its " + what + " ends after " + bytes.length
					+ " of " + length + " bytes");
		}
		return bytes;
	}

}
