package dev.buckethead.bucket;

import java.io.IOException;
import java.io.InputStream;

/** The one place that checks a ranged read's arguments and cuts a stream to a range, for every client. */
public final class ByteRange {

	private ByteRange() {
	}

	/** @throws IllegalArgumentException naming the bad argument */
	public static void check(long offset, long length) {
		if (offset < 0) {
			throw new IllegalArgumentException("A ranged read needs an offset of 0 or more, got " + offset);
		}
		if (length < 1) {
			throw new IllegalArgumentException("A ranged read needs a length of at least 1 byte, got " + length);
		}
		if (offset > Long.MAX_VALUE - length) {
			throw new IllegalArgumentException("A ranged read of " + length + " bytes at offset " + offset
					+ " ends past the largest possible object");
		}
	}

	/** The HTTP {@code Range} header value for the range (both ends inclusive). */
	static String header(long offset, long length) {
		return "bytes=" + offset + "-" + (offset + length - 1);
	}

	/** {@code in} with the bytes before {@code offset} skipped and everything after {@code length} more cut off. */
	static InputStream skipAndLimit(InputStream in, String key, long offset, long length) {
		try {
			for (long left = offset; left > 0;) {
				long skipped = in.skip(left);
				if (skipped > 0) {
					left -= skipped;
				}
				else if (in.read() >= 0) {
					left--;
				}
				else {
					// The object ends before the range starts: no bytes, as the contract says.
					in.close();
					return InputStream.nullInputStream();
				}
			}
		}
		catch (IOException ex) {
			try {
				in.close();
			}
			catch (IOException suppressed) {
				ex.addSuppressed(suppressed);
			}
			throw new BucketException("Cannot read '" + key + "' from offset " + offset + ": " + ex, ex);
		}
		return limit(in, length);
	}

	/** A stream that ends after {@code length} bytes of {@code in} (or where {@code in} ends, if sooner). */
	static InputStream limit(InputStream in, long length) {
		return new LimitedInputStream(in, length);
	}

	private static final class LimitedInputStream extends InputStream {

		private final InputStream in;

		private long remaining;

		LimitedInputStream(InputStream in, long length) {
			this.in = in;
			this.remaining = length;
		}

		@Override
		public int read() throws IOException {
			if (remaining <= 0) {
				return -1;
			}
			int b = in.read();
			if (b >= 0) {
				remaining--;
			}
			return b;
		}

		@Override
		public int read(byte[] b, int off, int len) throws IOException {
			if (remaining <= 0) {
				return len == 0 ? 0 : -1;
			}
			int read = in.read(b, off, (int) Math.min(len, remaining));
			if (read > 0) {
				remaining -= read;
			}
			return read;
		}

		@Override
		public long skip(long n) throws IOException {
			long skipped = in.skip(Math.min(n, remaining));
			remaining -= skipped;
			return skipped;
		}

		@Override
		public int available() throws IOException {
			return (int) Math.min(in.available(), remaining);
		}

		@Override
		public void close() throws IOException {
			in.close();
		}

	}

}
