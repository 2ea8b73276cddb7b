package dev.buckethead.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that runs: reaches the tool's environment, options and output through the root command. */
// An empty @Command: picocli's annotation processor (native-image configuration) wants @Spec inside one.
@Command
abstract class CliCommand implements Callable<Integer> {

	@Spec
	CommandSpec spec;

	final BucketHeadCommand root() {
		return (BucketHeadCommand) spec.root().userObject();
	}

	final Output output() {
		return root().output();
	}

	final GlobalOptions options() {
		return root().options();
	}

	final CliEnvironment environment() {
		return root().environment();
	}

}
