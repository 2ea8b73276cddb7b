package dev.buckethead.snapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.ToLongFunction;

import dev.buckethead.BucketHeadException;
import org.jspecify.annotations.Nullable;

/**
 * Reads a sequence of objects in the windows {@link StepWindows} decides, in parallel on the I/O threads, and
 * hands the answers over in order until the first missing one: the one mechanism behind every walk along a
 * lineage's steps (restore, follow, replicas) and behind fetching a chain's delta parts. Every read is a bucket
 * request with its own deadline ({@link dev.buckethead.bucket.BucketTimeouts}), so a window ends or fails in
 * bounded time; a failed read fails the walk (the reads after it are cancelled), unless an earlier object was
 * missing, which ends it first.
 * <p>
 * I/O threads that refuse a read (shut down by a close meanwhile) fail the walk with a
 * {@link BucketHeadException}, the reads already started cancelled. A walk inside one of a walk's reads reads on
 * that thread: queued behind it on the same bounded pool, its reads would wait forever.
 * <p>
 * An object found after a missing one is not taken: it was created while the window was read (a writer claims
 * step n + 1 only once step n exists), so it is read again, after its predecessor, by the next walk.
 */
public final class StepWalk {

	/** Whether this thread runs a walk's read: a walk inside it does not queue reads behind it. */
	private static final ThreadLocal<Boolean> READING = ThreadLocal.withInitial(() -> false);

	private final @Nullable ExecutorService io;

	/** @param io where reads run; null reads one at a time on the caller's thread */
	public StepWalk(@Nullable ExecutorService io) {
		this.io = io;
	}

	/** One object by its number; empty when it does not exist. */
	@FunctionalInterface
	public interface Read<T> {

		Optional<T> read(long index);

	}

	/** Takes an object, in order; false stops the walk. */
	@FunctionalInterface
	public interface Take<T> {

		boolean take(long index, T answer);

	}

	/**
	 * Reads objects {@code from}, {@code from + 1}, ... up to {@code limit}, handing each to {@code take} in order,
	 * until one is missing or {@code take} stops.
	 * @param known the last object known to exist: read {@link StepWindows#MAX_WIDTH} at a time
	 * @param size an answer's size in bytes, which narrows the windows after large ones
	 * @return the number of the last object taken ({@code from - 1} when none was)
	 */
	public <T> long walk(long from, long known, long limit, Read<T> read, ToLongFunction<T> size, Take<T> take) {
		long next = from;
		long beyond = 0;
		long largest = 0;
		while (true) {
			StepWindows.Window window = StepWindows.next(next, known, limit, beyond, largest);
			if (window == null) {
				return next - 1;
			}
			List<Future<Optional<T>>> tasks = new ArrayList<>();
			ExecutorService pool = io;
			try {
				// A read that walks itself runs on an I/O thread: its walk reads on that thread, since waiting for
				// reads queued behind it on the same bounded pool could wait forever.
				if (pool != null && window.size() > 1 && !READING.get()) {
					for (long index = window.first(); index <= window.last(); index++) {
						tasks.add(submit(pool, read, index));
					}
				}
				for (long index = window.first(); index <= window.last(); index++) {
					Optional<T> answer = tasks.isEmpty() ? read.read(index)
							: Tasks.await(tasks.get((int) (index - window.first())), "Reading object " + index);
					if (answer.isEmpty() || !take.take(index, answer.get())) {
						Tasks.cancel(tasks);
						return answer.isEmpty() ? index - 1 : index;
					}
					largest = Math.max(largest, size.applyAsLong(answer.get()));
				}
			}
			catch (RuntimeException ex) {
				Tasks.cancel(tasks);
				throw ex;
			}
			beyond += Math.max(0, window.last() - Math.max(known, window.first() - 1));
			next = window.last() + 1;
		}
	}

	private static <T> Future<Optional<T>> submit(ExecutorService pool, Read<T> read, long index) {
		try {
			return pool.submit(() -> {
				READING.set(true);
				try {
					return read.read(index);
				}
				finally {
					READING.remove();
				}
			});
		}
		catch (RejectedExecutionException ex) {
			throw new BucketHeadException("Cannot read object " + index + ": the I/O threads are shut down because "
					+ "the database (or replica, or tool) that owns them is closing; open it again to read", ex);
		}
	}

	/**
	 * {@link #walk} along the steps of a lineage.
	 * @param known the last step known to exist (the head's)
	 */
	public long steps(SnapshotStore store, String branch, String lineage, long from, long known, long limit,
			Take<SnapshotStore.Step> take) {
		return walk(from, known, limit, (sequence) -> store.readStep(branch, lineage, sequence), StepWalk::bytesOf,
				take);
	}

	/** A step object's size, to judge the next window by. */
	static long bytesOf(SnapshotStore.Step step) {
		return step.delta() == null ? 0 : step.delta().object().length;
	}

}
