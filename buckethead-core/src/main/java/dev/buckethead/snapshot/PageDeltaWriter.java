package dev.buckethead.snapshot;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;

/**
 * Encodes the changed pages of one flush as page-delta parts ({@link PageDeltaFormat}): zstd-compressed,
 * hashed, and split so that no part carries more than {@code maxPartBytes} of pages. Parts are produced one at
 * a time, so memory is one part whatever the delta's size. Not thread-safe; reuse one per flush thread.
 */
public final class PageDeltaWriter {

	/**
	 * 32 MiB of pages per part: a change of 1 % of the rows of a 500 MB database (~20 MiB of pages) is one object,
	 * one GET for a restore, which the chain limits count on; memory stays one part at a time.
	 */
	public static final int DEFAULT_MAX_PART_BYTES = 32 * 1024 * 1024;

	private final ChunkCodec codec;

	private final int maxPartBytes;

	private byte[] payload = new byte[0];

	private byte[] object = new byte[0];

	/**
	 * @param codec compresses the parts (the chunks' codec: same zstd level)
	 * @param maxPartBytes the most page bytes (with their 4-byte numbers) one part carries
	 */
	public PageDeltaWriter(ChunkCodec codec, int maxPartBytes) {
		if (maxPartBytes < 512 + Integer.BYTES || maxPartBytes > PageDeltaFormat.MAX_PAYLOAD_BYTES) {
			throw new IllegalArgumentException("maxPartBytes must be between " + (512 + Integer.BYTES) + " and "
					+ PageDeltaFormat.MAX_PAYLOAD_BYTES + ", got " + maxPartBytes);
		}
		this.codec = codec;
		this.maxPartBytes = maxPartBytes;
	}

	/** Receives each encoded part; {@code object} is reused once the call returns. */
	@FunctionalInterface
	public interface PartSink {

		void accept(int partIndex, byte[] object, int length) throws IOException;

	}

	public int pagesPerPart(int pageSize) {
		return Math.max(1, maxPartBytes / (Integer.BYTES + pageSize));
	}

	/** How many parts a delta of {@code pages} pages needs: at least one, which may carry none. */
	public int partCount(int pages, int pageSize) {
		int perPart = pagesPerPart(pageSize);
		return Math.max(1, (pages + perPart - 1) / perPart);
	}

	/**
	 * Encodes the pages {@code pages} (ascending, each 1..{@code pageCount}) read from {@code source}, handing
	 * each part to {@code sink} in order.
	 * @return the bytes of all parts together
	 */
	public long write(int pageSize, long pageCount, int[] pages, PageSource source, PartSink sink) throws IOException {
		if (!PageDeltaFormat.isValidPageSize(pageSize)) {
			throw new IllegalArgumentException("page size " + pageSize + " is not a SQLite page size");
		}
		for (int i = 0; i < pages.length; i++) {
			if (pages[i] < 1 || pages[i] > pageCount || (i > 0 && pages[i] <= pages[i - 1])) {
				throw new IllegalArgumentException("page numbers must ascend within 1.." + pageCount + "; found "
						+ pages[i] + " at position " + i);
			}
		}
		int perPart = pagesPerPart(pageSize);
		int parts = partCount(pages.length, pageSize);
		byte[] previous = new byte[PageDeltaFormat.HASH_BYTES];
		MessageDigest sha256 = SnapshotWriter.sha256();
		long total = 0;
		for (int part = 0; part < parts; part++) {
			int from = part * perPart;
			int count = Math.min(perPart, pages.length - from);
			int length = fillPayload(pages, from, count, pageSize, source);
			int bound = PageDeltaFormat.HEADER_BYTES + ChunkCodec.maxCompressedLength(length);
			if (object.length < bound) {
				object = new byte[bound];
			}
			int body = codec.compress(payload, length, object, PageDeltaFormat.HEADER_BYTES);
			ByteBuffer header = ByteBuffer.wrap(object, 0, PageDeltaFormat.HEADER_BYTES);
			PageDeltaFormat.writeHashedHeader(header, pageSize, pageCount, part, parts, count, body, previous);
			sha256.update(object, 0, PageDeltaFormat.HASHED_HEADER_BYTES);
			sha256.update(payload, 0, length);
			byte[] hash = sha256.digest();
			System.arraycopy(hash, 0, object, PageDeltaFormat.HASHED_HEADER_BYTES, hash.length);
			sink.accept(part, object, PageDeltaFormat.HEADER_BYTES + body);
			total += PageDeltaFormat.HEADER_BYTES + body;
			previous = hash;
		}
		return total;
	}

	private int fillPayload(int[] pages, int from, int count, int pageSize, PageSource source) throws IOException {
		int length = PageDeltaFormat.payloadBytes(count, pageSize);
		if (payload.length < length) {
			payload = new byte[length];
		}
		ByteBuffer numbers = ByteBuffer.wrap(payload, 0, count * Integer.BYTES);
		for (int i = 0; i < count; i++) {
			numbers.putInt(pages[from + i]);
		}
		int offset = count * Integer.BYTES;
		for (int i = 0; i < count; i++) {
			ByteBuffer page = ByteBuffer.wrap(payload, offset, pageSize).slice();
			source.read(pages[from + i], page);
			if (page.remaining() != pageSize) {
				throw new IOException("page " + pages[from + i] + " read as " + page.remaining() + " bytes, expected "
						+ pageSize);
			}
			offset += pageSize;
		}
		return length;
	}

}
