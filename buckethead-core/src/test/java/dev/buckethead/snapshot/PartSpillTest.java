package dev.buckethead.snapshot;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.buckethead.BucketHeadException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The scratch file of a restore's step parts: what it keeps, that it goes, and what its failure says. */
class PartSpillTest {

	@TempDir
	Path scratch;

	@Test
	void keepsEachPartWithoutLeavingAFileEvenWhileOpen() {
		try (PartSpill spill = new PartSpill(scratch.resolve("restore"))) {
			spill.put("a", new byte[] { 1, 2 });
			spill.put("b", new byte[] { 3 });
			// A process that dies now (the directory is usually RAM-backed) leaves nothing there.
			assertThat(scratch.resolve("restore")).isEmptyDirectory();
			assertThat(spill.get("b")).containsExactly(3);
			assertThat(spill.get("a")).containsExactly(1, 2);
			assertThat(spill.get("c")).isNull();
		}
		assertThat(scratch.resolve("restore")).isEmptyDirectory();
	}

	@Test
	void aDirectoryThatCannotHoldItSaysWhereWhyAndWhatToDo() throws Exception {
		Path notADirectory = Files.createFile(scratch.resolve("file"));
		assertThatExceptionOfType(BucketHeadException.class).isThrownBy(() -> new PartSpill(notADirectory))
			.withMessageContaining(notADirectory.toString())
			.withMessageContaining("a restore keeps the parts of a chain's steps there")
			.withMessageContaining("make the directory writable");
	}

}
