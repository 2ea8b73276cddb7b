package dev.buckethead.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ScopeType;

/** The root command: global options and the list of commands; on its own, a usage error. */
@Command(name = "buckethead", scope = ScopeType.INHERIT, mixinStandardHelpOptions = true,
		versionProvider = VersionProvider.class, sortOptions = false, usageHelpAutoWidth = true,
		description = "Inspect, restore and maintain BucketHead snapshots in a bucket while the application is down.",
		footer = { "", "Exit codes: 0 ok, 1 the command failed (reason on stderr), 2 wrong command line." },
		subcommands = { InspectCommand.class, RestoreCommand.class, FollowCommand.class, ImportCommand.class, BranchesCommand.class,
				GenerationsCommand.class, GcCommand.class, RepairHeadCommand.class, FilesCommand.class,
				ProvisionCommand.class, EncryptionCommand.class })
final class BucketHeadCommand extends ContainerCommand {

	private final CliEnvironment environment;

	@Mixin
	private GlobalOptions options = new GlobalOptions();

	BucketHeadCommand(CliEnvironment environment) {
		this.environment = environment;
	}

	CliEnvironment environment() {
		return environment;
	}

	GlobalOptions options() {
		return options;
	}

	Output output() {
		return new Output(environment, options.json);
	}

}
