package dev.buckethead.replica;

import dev.buckethead.snapshot.HeadPointer;
import org.jspecify.annotations.Nullable;

/**
 * What a replica does next, as pure functions (no I/O; table-tested): which one request a poll makes, and what a
 * changed head means for the point the replica serves.
 */
final class FollowDecisions {

	private FollowDecisions() {
	}

	/** The one request of a poll. */
	enum Request {

		/** GET the claim of the step after the one served: 404 means nothing new. */
		NEXT_STEP,

		/** Conditional GET of the head: 304 means unchanged. Finds a new lineage (branch re-created) or a head. */
		HEAD

	}

	/**
	 * Normally the next step's key, which is where a writer's next flush lands; the head only when there is no
	 * point to step from yet, or every {@code headCheckPolls}-th poll in a row that found nothing, so that a
	 * branch deleted, re-created or reset (whose next step never comes) is noticed while a busy branch spends
	 * every poll on its steps.
	 */
	static Request nextRequest(boolean hasPoint, int emptyPolls, int headCheckPolls) {
		if (!hasPoint) {
			return Request.HEAD;
		}
		return emptyPolls > 0 && emptyPolls % headCheckPolls == 0 ? Request.HEAD : Request.NEXT_STEP;
	}

	/** What a head read means. */
	enum Verdict {

		/** Nothing to do: the head is at or behind the point served (heads lag their steps), or still absent. */
		CURRENT,

		/** The head is ahead in the same lineage: walk its steps. */
		STEPS_AHEAD,

		/** Another lineage, or the same step with another generation: restore the branch's state afresh. */
		RESYNC,

		/** The head is gone: the branch was deleted. Keep serving the last point. */
		BRANCH_GONE

	}

	/**
	 * @param lineage the served point's lineage, null when nothing is served yet
	 * @param sequence the served point's step
	 * @param generation the served point's generation
	 * @param head the head read, null when there is none
	 */
	static Verdict judge(@Nullable String lineage, long sequence, @Nullable String generation,
			@Nullable HeadPointer head) {
		if (head == null) {
			return lineage == null ? Verdict.CURRENT : Verdict.BRANCH_GONE;
		}
		if (lineage == null || !lineage.equals(head.effectiveLineage())) {
			return Verdict.RESYNC;
		}
		if (head.effectiveSequence() > sequence) {
			return Verdict.STEPS_AHEAD;
		}
		if (head.effectiveSequence() == sequence && !head.generation().equals(generation)) {
			return Verdict.RESYNC;
		}
		return Verdict.CURRENT;
	}

}
