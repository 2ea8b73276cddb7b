package dev.buckethead.snapshot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The local copies of a session's delta steps: what a compaction finds, and what it falls back from. */
class StepSpoolTest {

	@TempDir
	Path scratch;

	@Test
	void aCopyReadsBackAsTheStepItWasAndAnUnreadableOneIsDroppedForTheBucket() throws Exception {
		StepSpool spool = new StepSpool(scratch);
		spool.put(claim("lineage1", 1), new byte[] { 1, 2, 3 });
		spool.put(claim("lineage1", 2), new byte[] { 4 });

		SnapshotStore.Step step = spool.get("main", "lineage1", 1, "key-1").orElseThrow();
		assertThat(step.claim()).isEqualTo(claim("lineage1", 1));
		assertThat(step.firstPart()).containsExactly(1, 2, 3);
		assertThat(spool.get("main", "lineage1", 3, "key-3")).isEmpty();

		Path copy = Files.list(scratch).filter(Files::isDirectory).findFirst().orElseThrow().resolve("lineage1-2.step");
		Files.write(copy, new byte[] { 9, 9 });
		assertThat(spool.get("main", "lineage1", 2, "key-2")).isEmpty();
		assertThat(copy).doesNotExist();
	}

	@Test
	void aBaseDropsTheCopiesItCoversAndThoseOfOtherLineagesAndCloseDropsAll() {
		StepSpool spool = new StepSpool(scratch);
		for (int step = 1; step <= 4; step++) {
			spool.put(claim("current", step), new byte[] { (byte) step });
		}
		spool.put(claim("older", 9), new byte[] { 9 });
		spool.dropThrough("current", 2);
		assertThat(spool.get("main", "current", 2, "k")).isEmpty();
		assertThat(spool.get("main", "current", 3, "k")).isPresent();
		assertThat(spool.get("main", "older", 9, "k")).isEmpty();
		spool.clear();
		assertThat(spool.get("main", "current", 4, "k")).isEmpty();
		assertThat(scratch).isEmptyDirectory();
	}

	@Test
	void aCopyIsServedOnlyForTheStepItsHeaderNames() throws Exception {
		StepSpool spool = new StepSpool(scratch);
		spool.put(claim("lineage1", 1), new byte[] { 1 });
		assertThat(spool.get("other", "lineage1", 1, "key")).as("the same lineage and step of another branch")
			.isEmpty();
		Path copies = Files.list(scratch).filter(Files::isDirectory).findFirst().orElseThrow();
		Files.move(copies.resolve("lineage1-1.step"), copies.resolve("lineage1-2.step"));
		assertThat(spool.get("main", "lineage1", 2, "key")).as("a file under another step's name").isEmpty();
	}

	@Test
	void theCopiesOfAProcessThatDiedAreDeletedAndThoseInUseKept() throws Exception {
		Path dead = Files.createDirectories(scratch.resolve("steps-dead"));
		Files.write(dead.resolve("lineage1-1.step"), new byte[] { 1 });
		// Its owner's lock died with it.
		Files.createFile(scratch.resolve("steps-dead.lock"));
		StepSpool inUse = new StepSpool(scratch);
		inUse.put(claim("lineage1", 1), new byte[] { 1 });
		assertThat(dead).doesNotExist();
		assertThat(scratch.resolve("steps-dead.lock")).doesNotExist();

		StepSpool next = new StepSpool(scratch);
		assertThat(inUse.get("main", "lineage1", 1, "key")).as("the copies of a spool in use").isPresent();
		next.clear();
		inUse.clear();
		assertThat(scratch).isEmptyDirectory();
	}

	@Test
	void aLineageThatIsNoPlainIdIsNotKept() {
		StepSpool spool = new StepSpool(scratch);
		spool.put(claim("../escape", 1), new byte[] { 1 });
		assertThat(spool.get("main", "../escape", 1, "k")).isEmpty();
		assertThat(scratch).isEmptyDirectory();
	}

	private static SuccessorClaim claim(String lineage, long sequence) {
		return new SuccessorClaim(SuccessorClaim.FORMAT, "main", lineage, sequence, "g" + (sequence - 1), "g" + sequence,
				"writer", Instant.parse("2026-12-01T10:00:00Z"), SuccessorClaim.KIND_DELTA, "g0", 0L, 4096, 10L, null,
				null);
	}

}
