package dev.buckethead.snapshot;

import java.util.Collection;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import dev.buckethead.BucketHeadException;

/** Waiting for the parallel parts of a flush or restore: one way to unwrap their failures for every caller. */
final class Tasks {

	private Tasks() {
	}

	/**
	 * The task's result; its own exception when it failed with an unchecked one (a {@link CorruptSnapshotException}
	 * or a bucket error stays what it is).
	 * @param what what the task does, for the message of a checked failure or an interrupt
	 */
	static <T> T await(Future<T> task, String what) {
		try {
			return task.get();
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			if (cause instanceof RuntimeException runtime) {
				throw runtime;
			}
			if (cause instanceof Error error) {
				throw error;
			}
			throw new BucketHeadException(what + " failed: " + cause, cause);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new BucketHeadException(what + " was interrupted", ex);
		}
	}

	static void cancel(Collection<? extends Future<?>> tasks) {
		tasks.forEach((task) -> task.cancel(true));
	}

}
