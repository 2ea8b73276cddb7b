package dev.buckethead.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.LongSupplier;

import dev.buckethead.snapshot.GenerationIds;
import dev.buckethead.snapshot.RestorePoint;
import dev.buckethead.snapshot.SnapshotRepository.Restoration;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Gets a database out of the bucket as a plain SQLite file that any SQLite tool opens. The file is verified
 * (every chunk's hash, the page count, {@code PRAGMA quick_check}) before it is moved into place, so "done"
 * means a sound file.
 */
@Command(name = "restore", description = "Write a generation of a branch to a plain, verified SQLite file.")
final class RestoreCommand extends SessionCommand {

	@Option(names = "--out", required = true, paramLabel = "FILE", description = "The SQLite file to write.")
	Path out;

	@Option(names = "--force", description = "Replace FILE if it exists.")
	boolean force;

	@Mixin
	BranchOption branch = new BranchOption();

	@ArgGroup(exclusive = true)
	@Nullable Point point;

	@Mixin
	ProgressOption progress = new ProgressOption();

	/** Which generation: at most one of the two. */
	static final class Point {

		@Option(names = "--generation", paramLabel = "GENERATION", converter = GenerationConverter.class,
				description = "A retained generation id (default: the newest).")
		@Nullable RestorePoint generation;

		@Option(names = "--as-of", paramLabel = "TIME", converter = TimeConverter.class,
				description = "The newest retained point (any flush, delta or base) created at or before TIME "
						+ "(ISO-8601, e.g. 2026-11-21T23:51:41Z).")
		@Nullable Instant asOf;

		RestorePoint restorePoint() {
			if (generation != null) {
				return generation;
			}
			return asOf != null ? RestorePoint.asOf(asOf) : RestorePoint.latest();
		}

	}

	/**
	 * @param generation the generation restored, or null when it was a plain object
	 * @param bytesDownloaded what came over the network (compressed)
	 */
	record Result(Path file, String branch, @Nullable String generation, @Nullable Instant createdAt, long size,
			long bytesDownloaded) {
	}

	@Override
	void run(Session session, Output output) {
		checkOut(out, force);
		String name = branch.in(session);
		RestorePoint restorePoint = point != null ? point.restorePoint() : RestorePoint.latest();
		// One count for the progress line and the summary: everything this restore downloaded, heads included.
		long before = session.bucket().counters().bytesIn();
		LongSupplier downloaded = () -> session.bucket().counters().bytesIn() - before;
		Restoration restoration = Progress.during(progress.enabled(environment()), output.err(),
				"restore: downloaded", downloaded, () -> session.repository().restoreTo(name, restorePoint, out, force));
		String generation = restoration.generation();
		Path file = restoration.file().toAbsolutePath().normalize();
		Result result = new Result(file, name, generation,
				generation != null ? GenerationIds.createdAt(generation) : null, size(file), downloaded.getAsLong());
		output.result(result, (done) -> output.line("Restored "
				+ (done.generation() != null ? "generation " + done.generation() : "the plain object") + " of branch "
				+ done.branch() + " to " + done.file() + " (" + Formats.bytes(done.size()) + ", verified with "
				+ "quick_check; " + Formats.bytes(done.bytesDownloaded()) + " downloaded)"));
	}

	/**
	 * Refuses an output file that exists (without {@code force}) or whose directory does not; returns that
	 * directory.
	 */
	static Path checkOut(Path out, boolean force) {
		if (Files.exists(out) && !force) {
			throw new CommandException("Refusing to overwrite " + out + " (it exists); pass --force to replace it");
		}
		Path directory = out.toAbsolutePath().getParent();
		if (directory == null || !Files.isDirectory(directory)) {
			throw new CommandException("Cannot write " + out + ": directory " + directory + " does not exist");
		}
		return directory;
	}

	private static long size(Path file) {
		try {
			return Files.size(file);
		}
		catch (IOException ex) {
			return -1;
		}
	}

}
