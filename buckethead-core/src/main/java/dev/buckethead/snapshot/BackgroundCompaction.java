package dev.buckethead.snapshot;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One compaction at a time on its own thread, for a session whose chain passed its limits: the flush thread
 * starts it and goes on writing deltas; a later flush takes the finished base ({@link #take}). Its own thread,
 * not the I/O pool, because a compaction waits on I/O tasks itself.
 */
final class BackgroundCompaction implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(BackgroundCompaction.class);

	private final ChainCompactor compactor;

	private final ExecutorService thread = Executors.newSingleThreadExecutor((runnable) -> {
		Thread compaction = new Thread(runnable, "buckethead-compaction");
		compaction.setDaemon(true);
		return compaction;
	});

	private @Nullable Future<Manifest> running;

	private @Nullable BranchPoint target;

	private @Nullable HeadPointer targetTip;

	BackgroundCompaction(ChainCompactor compactor) {
		this.compactor = compactor;
	}

	/** A finished compaction: the step it made a base (of {@code tip}'s branch and lineage), and its manifest. */
	record Done(HeadPointer tip, BranchPoint point, Manifest manifest) {
	}

	/** Starts compacting {@code point} of {@code tip}'s branch unless one is running; whether one runs now. */
	boolean start(HeadPointer tip, BranchPoint point, Path scratch) {
		if (running == null) {
			target = point;
			targetTip = tip;
			running = thread.submit(() -> compactor.compact(tip, point, scratch));
		}
		return true;
	}

	/** The finished compaction, once; empty while it runs, when none ran, or when it failed (logged). */
	Optional<Done> take() {
		Future<Manifest> future = running;
		BranchPoint point = target;
		HeadPointer tip = targetTip;
		if (future == null || point == null || tip == null || !future.isDone()) {
			return Optional.empty();
		}
		running = null;
		target = null;
		targetTip = null;
		try {
			return Optional.of(new Done(tip, point, future.get()));
		}
		catch (ExecutionException ex) {
			// Its packs are unreferenced garbage for gc; the chain stays on its old base, and a later flush retries.
			log.warn("Compaction of generation {} into a base failed; the chain stays as it is and the next flush "
					+ "past the chain's limits tries again: {}", point.generation(), ex.getCause().toString());
			return Optional.empty();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Optional.empty();
		}
	}

	/**
	 * Interrupts a running compaction and waits briefly for it to stop, so that it does not go on uploading after
	 * the session closed (what it uploaded is garbage for gc either way).
	 */
	@Override
	public void close() {
		thread.shutdownNow();
		try {
			if (!thread.awaitTermination(CLOSE_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
				log.warn("A background compaction did not stop within {} ms of the close; it is abandoned (what it "
						+ "uploads is unreferenced, for gc)", CLOSE_WAIT.toMillis());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** How long {@link #close()} waits for an interrupted compaction: its I/O stops at the next request. */
	static final java.time.Duration CLOSE_WAIT = java.time.Duration.ofSeconds(2);

}
