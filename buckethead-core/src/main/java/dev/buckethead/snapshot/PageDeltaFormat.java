package dev.buckethead.snapshot;

import java.nio.ByteBuffer;

/**
 * The layout of a page-delta part object, owned here so that writer and reader share it. A delta (the pages
 * that changed in one flush) is stored as one or more parts, each its own object of at most
 * {@link PageDeltaWriter#DEFAULT_MAX_PART_BYTES} of pages, so that neither side ever holds more than one part.
 * <pre>
 * offset size  field (big-endian)
 *   0     4   magic "BHPD"
 *   4     2   format version (1)
 *   6     2   flags (0; anything else is refused)
 *   8     4   page size
 *  12     4   page count of the database after the delta
 *  16     4   this part's index, from 0
 *  20     4   number of parts of the delta
 *  24     4   n: pages in this part
 *  28     4   reserved (0)
 *  32     8   length of the zstd body that follows the header
 *  40    32   SHA-256 of the previous part (its field at 72), zeros for part 0: chains the parts in order
 *  72    32   SHA-256 over bytes 0..71 of this header and the uncompressed payload
 * 104         body: one zstd frame of the payload = n page numbers (4 bytes each, strictly ascending, each
 *             1..page count), then the n pages in the same order
 * </pre>
 * Page numbers of consecutive parts ascend too, so a reader can apply parts in order as they arrive.
 */
final class PageDeltaFormat {

	static final int MAGIC = 0x42485044;

	static final int VERSION = 1;

	static final int HEADER_BYTES = 104;

	static final int HASHED_HEADER_BYTES = 72;

	static final int HASH_BYTES = 32;

	/** No part may carry more than this much payload, whatever its header claims: bounds a reader's memory. */
	static final int MAX_PAYLOAD_BYTES = 64 * 1024 * 1024;

	private PageDeltaFormat() {
	}

	/** Fills bytes 0..71 of {@code header}; the caller appends the hash. */
	static void writeHashedHeader(ByteBuffer header, int pageSize, long pageCount, int partIndex, int partCount,
			int pages, long bodyLength, byte[] previousPartHash) {
		header.clear();
		header.putInt(MAGIC).putShort((short) VERSION).putShort((short) 0).putInt(pageSize).putInt((int) pageCount)
			.putInt(partIndex).putInt(partCount).putInt(pages).putInt(0).putLong(bodyLength).put(previousPartHash);
	}

	static int payloadBytes(int pages, int pageSize) {
		return pages * (Integer.BYTES + pageSize);
	}

	static boolean isValidPageSize(int pageSize) {
		return pageSize >= 512 && pageSize <= 65536 && Integer.bitCount(pageSize) == 1;
	}

}
