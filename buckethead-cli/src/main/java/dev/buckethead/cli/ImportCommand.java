package dev.buckethead.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import dev.buckethead.live.LeftoverLiveFiles;
import dev.buckethead.snapshot.HeadPointer;
import dev.buckethead.snapshot.Manifest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * Puts an edited or recovered SQLite file back as the branch's newest generation. The head moves only if no
 * one moved it since it was read, so a running application is never silently overwritten (its next flush
 * then reports the conflict instead). A live file that a start set aside is deleted once imported.
 */
@Command(name = "import", description = "Upload a plain SQLite file as a new generation of a branch.")
final class ImportCommand extends SessionCommand {

	@Parameters(index = "0", paramLabel = "FILE", description = "The SQLite file to upload.")
	Path file;

	@Mixin
	BranchOption branch = new BranchOption();

	@Mixin
	ProgressOption progress = new ProgressOption();

	/**
	 * @param changed false when the file equals the head, which then stays where it was
	 * @param bytesUploaded what went over the network (only the chunks the previous generation did not have)
	 * @param removed whether the file, a live file a start had set aside, was deleted now that the bucket has it
	 */
	record Result(Path file, String branch, String generation, long size, boolean changed, long bytesUploaded,
			boolean removed) {
	}

	@Override
	void run(Session session, Output output) {
		if (!Files.isRegularFile(file)) {
			throw new CommandException("Cannot import " + file + ": no such file");
		}
		String name = branch.in(session);
		Optional<String> before = session.repository().head(name).map(HeadPointer::generation);
		Manifest manifest = Progress.during(progress.enabled(environment()), output.err(), "import: uploaded",
				() -> session.bucket().counters().bytesOut(), () -> session.repository().importFile(file, name));
		boolean changed = !before.equals(Optional.of(manifest.generation()));
		// A set-aside live file has done its job once the bucket holds it: set-aside files are not left to pile up.
		boolean removed = LeftoverLiveFiles.isSetAside(file);
		if (removed) {
			LeftoverLiveFiles.deleteSetAside(file);
		}
		Result result = new Result(file, name, manifest.generation(), manifest.size(), changed,
				session.bucket().counters().bytesOut(), removed);
		output.result(result, (done) -> {
			output.line(done.changed()
					? "Imported " + done.file() + " as generation " + done.generation() + " of branch " + done.branch()
							+ " (" + Formats.bytes(done.size()) + ", " + Formats.bytes(done.bytesUploaded()) + " uploaded)"
					: "Unchanged: " + done.file() + " equals generation " + done.generation() + ", the head of branch "
							+ done.branch());
			if (done.removed()) {
				output.line("Removed the set-aside live file " + done.file() + " and its identity file");
			}
		});
	}

}
