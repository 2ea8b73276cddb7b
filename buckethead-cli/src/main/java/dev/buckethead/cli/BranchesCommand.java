package dev.buckethead.cli;

import picocli.CommandLine.Command;

/** {@code branches list|create|delete}. */
@Command(name = "branches", description = "List, create and delete branches.",
		subcommands = { BranchesListCommand.class, BranchesCreateCommand.class, BranchesDeleteCommand.class })
final class BranchesCommand extends ContainerCommand {

}
