package dev.buckethead.cli;

import picocli.CommandLine.Command;

/** The files the FileStore of a branch records. */
@Command(name = "list", description = "List the files of a branch's FileStore.")
final class FilesListCommand extends FilesUnavailable {

}
