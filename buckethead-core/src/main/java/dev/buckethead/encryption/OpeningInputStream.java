package dev.buckethead.encryption;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Function;

/**
 * Decrypts a stream of sealed segments, one segment at a time (constant memory), and hands on the plaintext from
 * {@code skip} bytes into the first segment for at most {@code limit} bytes. A segment counts as the last when the
 * stored bytes end within it or right after it (one byte is read ahead to tell), so an object cut at a segment
 * boundary fails authentication instead of reading as shorter. A read of a segment or more (a restore's frames)
 * is opened straight into the caller's array; smaller ones are served from this stream's buffer.
 */
final class OpeningInputStream extends InputStream {

	private final InputStream sealed;

	private final Function<byte[], ObjectCipher> cipherOfHeader;

	private final boolean fromStart;

	private final String objectKey;

	private ObjectCipher cipher;

	private long index;

	private long skip;

	private long remaining;

	private final byte[] segment = new byte[SealedFormat.SEALED_SEGMENT];

	private final byte[] plain = new byte[SealedFormat.SEGMENT];

	private int position;

	private int available;

	private int lookahead = -1;

	private boolean ended;

	/**
	 * @param sealed the stored bytes from the object's start (when {@code cipher} is null: the header, then the
	 * segments before {@code index}, skipped) or from segment {@code index}
	 * @param cipherOfHeader makes the cipher from the header read first, when {@code cipher} is null
	 */
	OpeningInputStream(String objectKey, InputStream sealed, ObjectCipher cipher,
			Function<byte[], ObjectCipher> cipherOfHeader, long index, long skip, long limit) {
		this.objectKey = objectKey;
		this.sealed = sealed;
		this.cipher = cipher;
		this.cipherOfHeader = cipherOfHeader;
		this.fromStart = index == 0;
		this.index = index;
		this.skip = skip;
		this.remaining = limit;
	}

	@Override
	public int read() throws IOException {
		byte[] one = new byte[1];
		return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
	}

	@Override
	public int read(byte[] b, int off, int len) throws IOException {
		java.util.Objects.checkFromIndexSize(off, len, b.length);
		if (len == 0) {
			return 0;
		}
		if (remaining <= 0) {
			return -1;
		}
		while (position == available) {
			if (ended) {
				return -1;
			}
			if (skip == 0 && len >= SealedFormat.SEGMENT && remaining >= SealedFormat.SEGMENT) {
				// A read of a segment or more (a chunk's frame) gets the plaintext straight from the cipher: no copy.
				int opened = openNext(b, off);
				if (opened > 0) {
					remaining -= opened;
					return opened;
				}
				continue;
			}
			int opened = openNext(plain, 0);
			if (opened < 0) {
				return -1;
			}
			int start = (int) Math.min(skip, opened);
			skip -= start;
			position = start;
			available = opened;
		}
		int n = (int) Math.min(Math.min(len, available - position), remaining);
		System.arraycopy(plain, position, b, off, n);
		position += n;
		remaining -= n;
		return n;
	}

	/**
	 * Reads and opens the next segment into {@code out} from {@code offset} (room for {@link SealedFormat#SEGMENT}
	 * bytes); returns the plaintext bytes written, or -1 when there is no segment (and the stream has ended).
	 */
	private int openNext(byte[] out, int offset) throws IOException {
		if (cipher == null) {
			// An object too short for a header reads as zeros past its end: refused as plain, or as cut short.
			cipher = cipherOfHeader.apply(java.util.Arrays.copyOf(sealed.readNBytes(SealedFormat.HEADER),
					SealedFormat.HEADER));
			// Segments before the first one wanted were fetched with the header (one request), not opened.
			long before = SealedFormat.sealedOffset(index) - SealedFormat.HEADER;
			try {
				sealed.skipNBytes(before);
			}
			catch (java.io.EOFException ex) {
				// The range starts past the end of the object: no bytes, as the contract says.
				ended = true;
				return -1;
			}
		}
		int have = 0;
		if (lookahead >= 0) {
			segment[have++] = (byte) lookahead;
			lookahead = -1;
		}
		have += sealed.readNBytes(segment, have, segment.length - have);
		if (have == 0) {
			ended = true;
			if (fromStart && index == 0) {
				throw new TamperedObjectException(objectKey, "it ends after its header");
			}
			// A range that starts at or past the end of the object reads as no bytes.
			return -1;
		}
		boolean last = have < segment.length || (lookahead = sealed.read()) < 0;
		int opened = cipher.open(index, last, segment, 0, have, out, offset);
		index++;
		ended = last;
		return opened;
	}

	@Override
	public void close() throws IOException {
		sealed.close();
	}

}
