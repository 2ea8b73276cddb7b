package dev.buckethead.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** A command that only groups others ({@code branches}, {@code generations}, ...): on its own, a usage error. */
abstract class ContainerCommand implements Runnable {

	@Spec
	CommandSpec spec;

	@Override
	public void run() {
		throw new ParameterException(spec.commandLine(), "Missing subcommand: one of "
				+ String.join(", ", spec.subcommands().keySet()));
	}

}
