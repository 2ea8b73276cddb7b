package dev.buckethead.snapshot;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

/**
 * Buffers kept between flushes: a flush of a large database would otherwise allocate its size again in
 * chunk-sized arrays, and the garbage collector's pauses become writer stalls. Keeps at most {@code keep}; how
 * many exist at once is bounded by the flush pipeline, not here. Thread-safe.
 */
final class BufferPool<T> {

	private final Queue<T> free = new ConcurrentLinkedQueue<>();

	private final int keep;

	private final Supplier<T> create;

	BufferPool(int keep, Supplier<T> create) {
		this.keep = keep;
		this.create = create;
	}

	T take() {
		T buffer = free.poll();
		return buffer != null ? buffer : create.get();
	}

	void give(T buffer) {
		if (free.size() < keep) {
			free.offer(buffer);
		}
	}

	/** Lets all but {@code most} of the kept buffers go, for buffers only large flushes need several of. */
	void trim(int most) {
		while (free.size() > most && free.poll() != null) {
			// dropped
		}
	}

}
