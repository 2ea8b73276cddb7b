package dev.buckethead.snapshot;

import java.util.Arrays;

/**
 * The bytes of one pack being filled: grows as frames are appended (a flush of a few changed chunks never
 * allocates a whole pack), and is reused through a {@link BufferPool} once uploaded.
 */
final class PackBuffer {

	private static final int INITIAL_CAPACITY = 1024 * 1024;

	private byte[] data = new byte[0];

	private int size;

	byte[] data() {
		return data;
	}

	int size() {
		return size;
	}

	/** Appends {@code length} bytes of {@code frame}; returns the offset they start at. */
	long append(byte[] frame, int length) {
		if (size + length > data.length) {
			data = Arrays.copyOf(data, Math.max(size + length, Math.max(INITIAL_CAPACITY, data.length * 2)));
		}
		System.arraycopy(frame, 0, data, size, length);
		long offset = size;
		size += length;
		return offset;
	}

	/** Empties the buffer for the next pack, keeping its capacity. */
	PackBuffer clear() {
		size = 0;
		return this;
	}

}
