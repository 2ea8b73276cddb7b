package dev.buckethead.cli;

import java.time.Duration;

import dev.buckethead.files.GcOptions;
import dev.buckethead.files.GcReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Deletes blobs nothing needs, with the library's own {@code FileStore.gc}: a blob stays while the branch's
 * newest generation, or any generation any branch retains, refers to it, or while it is younger than the grace
 * period (an upload still in flight).
 */
@Command(name = "gc", description = "Delete FileStore blobs that no retained generation of any branch needs.")
final class FilesGcCommand extends SessionCommand {

	@Option(names = "--dry-run", description = "List what would be deleted; delete nothing.")
	boolean dryRun;

	@Option(names = "--grace", paramLabel = "DURATION", defaultValue = "1h", converter = DurationConverter.class,
			description = "Only delete blobs older than this (default ${DEFAULT-VALUE}).")
	Duration grace;

	@Mixin
	BranchOption branch = new BranchOption();

	@Override
	void run(Session session, Output output) {
		GcReport report;
		try (OfflineFileStore store = OfflineFileStore.open(session, branch.in(session), grace)) {
			report = store.files().gc(GcOptions.defaults().withDryRun(dryRun));
		}
		output.result(report, (done) -> {
			done.candidates().forEach((key) -> output.line("  " + key));
			output.line(done.dryRun()
					? "Would delete " + Formats.count(done.candidates().size(), "blob") + " (" + Formats.bytes(done.candidateBytes())
							+ ") older than " + Formats.duration(grace)
					: "Deleted " + Formats.count(done.deleted().size(), "blob") + " (" + Formats.bytes(done.deletedBytes())
							+ ") older than " + Formats.duration(grace));
		});
	}

}
