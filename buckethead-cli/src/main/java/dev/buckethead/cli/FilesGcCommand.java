package dev.buckethead.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Deletes blobs nothing needs, as the library's FileStore gc does. */
@Command(name = "gc", description = "Delete FileStore blobs that no branch or retained generation needs.")
final class FilesGcCommand extends FilesUnavailable {

	@Option(names = "--dry-run", description = "List what would be deleted; delete nothing.")
	boolean dryRun;

}
