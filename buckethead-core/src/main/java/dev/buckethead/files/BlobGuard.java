package dev.buckethead.files;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;

/**
 * Keeps garbage collection and puts of one {@link FileStore} from racing over the same blob. A put that finds
 * its blob already in the bucket skips the upload, and that blob may be old and unreferenced, so the grace
 * period does not protect it: without this guard a collection could delete it between the put's check and the
 * put recording its row.
 * <p>
 * A put holds its key from before it looks at the bucket until its row is written. A collection deletes a blob
 * only if no put holds its key, no put has held it since the collection began (a put that finished meanwhile may
 * be in a generation the collection's view of retained references predates), and it is still unreferenced once
 * marked; a put arriving while the blob is being deleted waits, then finds the blob gone and uploads it.
 */
final class BlobGuard {

	private final Map<String, Integer> held = new HashMap<>();

	private final Set<String> deleting = new HashSet<>();

	private @Nullable Set<String> heldDuringCollection;

	/** Holds {@code key} for a put, waiting while a collection deletes its blob. */
	synchronized void hold(String key) {
		boolean interrupted = false;
		while (deleting.contains(key)) {
			try {
				wait();
			}
			catch (InterruptedException ex) {
				interrupted = true;
			}
		}
		if (interrupted) {
			// The wait is short (one delete request); finish it and leave the interrupt for the caller.
			Thread.currentThread().interrupt();
		}
		held.merge(key, 1, Integer::sum);
		if (heldDuringCollection != null) {
			heldDuringCollection.add(key);
		}
	}

	/** Releases a key a put held. */
	synchronized void release(String key) {
		held.computeIfPresent(key, (ignored, count) -> (count == 1) ? null : count - 1);
	}

	/** Starts recording the keys puts hold, for a collection that is about to begin. */
	synchronized void collectionStarted() {
		heldDuringCollection = new HashSet<>();
	}

	synchronized void collectionFinished() {
		heldDuringCollection = null;
	}

	/**
	 * Runs {@code delete} unless a put holds {@code key} or held it since the collection began, or
	 * {@code stillUnreferenced} (checked once puts of the key are blocked) says it is referenced again.
	 * @return whether {@code delete} ran
	 */
	boolean deleteIfUnclaimed(String key, BooleanSupplier stillUnreferenced, Runnable delete) {
		synchronized (this) {
			if (held.containsKey(key) || (heldDuringCollection != null && heldDuringCollection.contains(key))) {
				return false;
			}
			deleting.add(key);
		}
		try {
			if (!stillUnreferenced.getAsBoolean()) {
				return false;
			}
			delete.run();
			return true;
		}
		finally {
			synchronized (this) {
				deleting.remove(key);
				notifyAll();
			}
		}
	}

}
