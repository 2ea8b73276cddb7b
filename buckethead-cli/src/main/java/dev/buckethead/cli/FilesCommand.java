package dev.buckethead.cli;

import picocli.CommandLine.Command;

/** {@code files list|get|gc}: the FileStore's blobs. */
@Command(name = "files", description = "List, get and collect the FileStore's files.",
		subcommands = { FilesListCommand.class, FilesGetCommand.class, FilesGcCommand.class })
final class FilesCommand extends ContainerCommand {

}
