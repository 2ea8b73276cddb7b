package dev.buckethead.replica;

import java.time.Instant;
import java.util.List;

import dev.buckethead.replica.FollowDecisions.Request;
import dev.buckethead.replica.FollowDecisions.Verdict;
import dev.buckethead.snapshot.HeadPointer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class FollowDecisionsTest {

	@ParameterizedTest(name = "point={0} emptyPolls={1} every={2} -> {3}")
	@CsvSource({
			// nothing served yet: only the head can say when the branch appears
			"false, 0, 10, HEAD", "false, 7, 10, HEAD",
			// a busy branch spends every poll on its next step
			"true, 0, 10, NEXT_STEP", "true, 1, 10, NEXT_STEP", "true, 9, 10, NEXT_STEP",
			// every 10th empty poll in a row reads the head instead
			"true, 10, 10, HEAD", "true, 11, 10, NEXT_STEP", "true, 20, 10, HEAD",
			"true, 1, 1, HEAD", "true, 0, 1, NEXT_STEP" })
	void nextRequest(boolean hasPoint, int emptyPolls, int every, Request expected) {
		assertThat(FollowDecisions.nextRequest(hasPoint, emptyPolls, every)).isEqualTo(expected);
	}

	@ParameterizedTest(name = "served {0}/{1}/{2}, head {3}/{4}/{5} -> {6}")
	@CsvSource(nullValues = "-", value = {
			// no head: nothing yet, or the branch was deleted
			"-, 0, -, -, 0, -, CURRENT", "aa, 5, g5, -, 0, -, BRANCH_GONE",
			// the first head of a branch followed from nothing
			"-, 0, -, aa, 0, g0, RESYNC",
			// a lagging head (heads are rewritten less often than steps) or the same step
			"aa, 5, g5, aa, 3, g3, CURRENT", "aa, 5, g5, aa, 5, g5, CURRENT",
			// the head is ahead: walk the steps
			"aa, 5, g5, aa, 9, g9, STEPS_AHEAD",
			// the same step with another generation, or another lineage: the branch was reset or re-created
			"aa, 5, g5, aa, 5, x5, RESYNC", "aa, 5, g5, bb, 0, h0, RESYNC", "aa, 5, g5, bb, 9, h9, RESYNC" })
	void judge(String lineage, long sequence, String generation, String headLineage, long headSequence,
			String headGeneration, Verdict expected) {
		HeadPointer head = headLineage == null ? null
				: new HeadPointer(HeadPointer.FORMAT, "main", headGeneration, List.of(headGeneration), Instant.EPOCH,
						headLineage, headSequence, headGeneration, headSequence);
		assertThat(FollowDecisions.judge(lineage, sequence, generation, head)).isEqualTo(expected);
	}

}
