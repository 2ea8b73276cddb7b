package dev.buckethead.snapshot;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Uploads running in parallel, at most a fixed number at a time: what bounds a flush's memory to the buffers of
 * the uploads in flight. Each submit first collects the uploads that finished, so the first failure stops the
 * flush at once instead of after every remaining object has retried against an unreachable bucket. Used by one
 * thread (the flush's).
 */
final class BoundedUploads {

	private final ExecutorService io;

	private final int maxInFlight;

	private final Deque<Future<Long>> running = new ArrayDeque<>();

	private long bytes;

	private int finished;

	BoundedUploads(ExecutorService io, int maxInFlight) {
		this.io = io;
		this.maxInFlight = Math.max(1, maxInFlight);
	}

	/** Starts an upload that returns the bytes it sent, after waiting (oldest first) until fewer are running. */
	void submit(Callable<Long> upload) {
		collectFinished();
		while (running.size() >= maxInFlight) {
			collect(running.poll());
		}
		running.add(io.submit(upload));
	}

	/** Fails with the first failed upload, if any has failed so far. */
	void collectFinished() {
		for (var iterator = running.iterator(); iterator.hasNext();) {
			Future<Long> upload = iterator.next();
			if (upload.isDone()) {
				iterator.remove();
				collect(upload);
			}
		}
	}

	/** Waits for every upload; returns the bytes all of them sent. */
	long awaitAll() {
		while (!running.isEmpty()) {
			collect(running.poll());
		}
		return bytes;
	}

	/** How many uploads have finished. */
	int finished() {
		return finished;
	}

	void cancel() {
		Tasks.cancel(running);
		running.clear();
	}

	private void collect(Future<Long> upload) {
		bytes += Tasks.await(upload, "Snapshot upload");
		finished++;
	}

}
