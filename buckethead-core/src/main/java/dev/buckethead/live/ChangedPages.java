package dev.buckethead.live;

import java.util.BitSet;

/**
 * Which pages differ from the last acknowledged state (a delta or base made durable by the caller). Pages are
 * recorded as the tracker reads WAL frames; a capture takes them; an acknowledgement of that capture makes its
 * state the new base. An unacknowledged capture (a failed flush) is folded into the next one.
 * <p>
 * Pages above the smallest database size seen since the acknowledged state are always included, whether or
 * not a frame named them: after a shrink and a regrowth (VACUUM, deletes), the acknowledged copy holds stale
 * bytes there or none. Thread-safe: acknowledgements may come from another thread than captures.
 */
final class ChangedPages {

	/** Pages recorded since the last capture. */
	private final BitSet recorded = new BitSet();

	/** The smallest database size in pages committed since the last capture, or MAX_VALUE. */
	private long recordedLow = Long.MAX_VALUE;

	/** Pages of captures taken but not acknowledged yet. */
	private final BitSet pending = new BitSet();

	/** The smallest size since the acknowledged state, starting with that state's own size. */
	private long pendingLow;

	/** Until a base is acknowledged (and again after {@link #invalidate}), every capture is a whole base. */
	private boolean baseRequired = true;

	/** Counts invalidations, so that acknowledging a capture taken before one is ignored. */
	private long epoch;

	/** Counts captures, so that only the newest capture can be acknowledged. */
	private long taken;

	synchronized void record(int page, long commitSize) {
		recorded.set(page);
		if (commitSize > 0) {
			recordedLow = Math.min(recordedLow, commitSize);
		}
	}

	/** Forgets the acknowledged state: the next capture is a whole base. */
	synchronized void invalidate() {
		baseRequired = true;
		epoch++;
	}

	synchronized boolean baseRequired() {
		return baseRequired;
	}

	/**
	 * The pages a capture of a state with {@code pageCount} pages must carry, ascending.
	 * @param wholeBase every page, whether or not they changed
	 */
	synchronized Taken take(long pageCount, boolean wholeBase) {
		pending.or(recorded);
		pendingLow = Math.min(pendingLow, recordedLow);
		recorded.clear();
		recordedLow = Long.MAX_VALUE;
		boolean base = wholeBase || baseRequired;
		int count = (int) pageCount;
		int[] pages;
		if (base) {
			pages = new int[count];
			for (int i = 0; i < count; i++) {
				pages[i] = i + 1;
			}
		}
		else {
			BitSet included = pending.get(0, count + 1);
			if (pendingLow < pageCount) {
				included.set((int) pendingLow + 1, count + 1);
			}
			included.clear(0);
			pages = included.stream().toArray();
		}
		return new Taken(epoch, ++taken, pageCount, base, pages);
	}

	/**
	 * Makes {@code capture}'s state the acknowledged one, if it is the newest capture and nothing invalidated
	 * the tracker since it was taken.
	 * @return whether it was acknowledged
	 */
	synchronized boolean acknowledge(Taken capture) {
		if (capture.epoch() != epoch || capture.sequence() != taken) {
			return false;
		}
		pending.clear();
		pendingLow = capture.pageCount();
		if (capture.base()) {
			baseRequired = false;
		}
		return true;
	}

	/** One capture's share: its page numbers, ascending, and what identifies it for acknowledgement. */
	record Taken(long epoch, long sequence, long pageCount, boolean base, int[] pages) {
	}

}
