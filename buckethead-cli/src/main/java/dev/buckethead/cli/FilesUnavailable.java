package dev.buckethead.cli;

/**
 * The {@code files} commands until this build has {@code dev.buckethead.files.FileStore}: they fail with one
 * clear line instead of guessing at blobs.
 */
abstract class FilesUnavailable extends CliCommand {

	@Override
	public final Integer call() {
		throw new CommandException("'files " + spec.name() + "' is not available in this build (it needs "
				+ "FileStore, which is not in it yet)");
	}

}
