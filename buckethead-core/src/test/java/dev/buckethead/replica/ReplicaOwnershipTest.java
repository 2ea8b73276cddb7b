package dev.buckethead.replica;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** A replica starting in a directory deletes what dead replicas left there, and never a live replica's file. */
class ReplicaOwnershipTest {

	@TempDir
	Path directory;

	@Test
	void aStartDeletesAbandonedReplicaFilesButNotLiveOnes() throws Exception {
		Path replicas = directory.resolve("replicas");
		Files.createDirectories(replicas);
		// What a replica that was killed leaves: its database, a journal, and its owner file, no longer locked.
		Path dead = replicas.resolve("replica-main-dead0001.db");
		Files.write(dead, new byte[4096]);
		Files.write(replicas.resolve("replica-main-dead0001.db-journal"), new byte[1]);
		Files.write(replicas.resolve("replica-main-dead0001.db" + ReplicaOwnership.SUFFIX), new byte[0]);
		try (ReplicaFile first = ReplicaFile.create(directory, null, "main", null, Duration.ofSeconds(1))) {
			assertThat(dead).doesNotExist();
			assertThat(replicas.resolve("replica-main-dead0001.db-journal")).doesNotExist();
			assertThat(first.file()).exists();
			try (ReplicaFile second = ReplicaFile.create(directory, null, "main", null, Duration.ofSeconds(1))) {
				assertThat(first.file()).exists(); // live: its owner holds the lock
				assertThat(second.file()).exists();
			}
			try (ReplicaFile third = ReplicaFile.create(directory, null, "main", null, Duration.ofSeconds(1))) {
				assertThat(first.file()).exists(); // still live after other replicas came and went
			}
			Path firstFile = first.file();
			first.close();
			assertThat(firstFile).doesNotExist();
			assertThat(firstFile.resolveSibling(firstFile.getFileName() + ReplicaOwnership.SUFFIX)).doesNotExist();
		}
	}

	@Test
	void aNamedFileIsKeptAtClose() throws Exception {
		Path named = directory.resolve("copy.db");
		try (ReplicaFile file = ReplicaFile.create(directory, named, "main", null, Duration.ofSeconds(1))) {
			assertThat(file.file()).isEqualTo(named.toAbsolutePath());
		}
		assertThat(named).exists();
	}

}
