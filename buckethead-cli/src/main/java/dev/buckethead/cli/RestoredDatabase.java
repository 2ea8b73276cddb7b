package dev.buckethead.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import dev.buckethead.BucketHeadException;
import dev.buckethead.snapshot.RestorePoint;
import dev.buckethead.snapshot.SnapshotRepository;

/**
 * A generation of a branch (the newest by default), restored (and verified) to a temporary file for a command to read, and
 * deleted with its directory on {@link #close()}.
 */
final class RestoredDatabase implements AutoCloseable {

	private final Path directory;

	private final Path file;

	private RestoredDatabase(Path directory) {
		this.directory = directory;
		this.file = directory.resolve("restored.db");
	}

	static RestoredDatabase latest(SnapshotRepository repository, String branch) {
		return of(repository, branch, RestorePoint.latest());
	}

	static RestoredDatabase of(SnapshotRepository repository, String branch, RestorePoint point) {
		RestoredDatabase restored = new RestoredDatabase(createDirectory());
		try {
			repository.restoreTo(branch, point, restored.file, false);
			return restored;
		}
		catch (RuntimeException ex) {
			restored.close();
			throw ex;
		}
	}

	Path file() {
		return file;
	}

	@Override
	public void close() {
		try (Stream<Path> paths = Files.walk(directory)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			// A temporary directory left behind is not worth failing the command for.
		}
	}

	private static Path createDirectory() {
		try {
			return Files.createTempDirectory("buckethead-");
		}
		catch (IOException ex) {
			throw new BucketHeadException("Cannot create a temporary directory: " + ex, ex);
		}
	}

}
