package dev.buckethead.cli;

import java.nio.file.Path;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** One file's content, verified against its key. */
@Command(name = "get", description = "Write a file of the FileStore to FILE.")
final class FilesGetCommand extends FilesUnavailable {

	@Parameters(index = "0", paramLabel = "KEY", description = "The file's key (bh-<sha256>).")
	String key;

	@Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write it.")
	Path out;

}
