package dev.buckethead.cli;

import picocli.CommandLine.Option;

/** {@code --progress}, for the commands that move a whole database. */
final class ProgressOption {

	@Option(names = "--progress", description = "Show progress on stderr (the default when on a terminal).")
	boolean progress;

	boolean enabled(CliEnvironment environment) {
		return progress || environment.terminal();
	}

}
