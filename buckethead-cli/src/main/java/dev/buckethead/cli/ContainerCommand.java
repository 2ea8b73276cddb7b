package dev.buckethead.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** A command that only groups others ({@code branches}, {@code generations}, ...): on its own, a usage error. */
// An empty @Command: picocli's annotation processor (native-image configuration) wants @Spec inside one.
@Command
abstract class ContainerCommand implements Runnable {

	@Spec
	CommandSpec spec;

	@Override
	public void run() {
		throw new ParameterException(spec.commandLine(), "Missing subcommand: one of "
				+ String.join(", ", spec.subcommands().keySet()));
	}

}
