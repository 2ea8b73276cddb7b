package dev.buckethead.cli;

import picocli.CommandLine.Command;

/** {@code generations list|points|prune}. */
@Command(name = "generations", description = "List or prune the generations a branch retains.",
		subcommands = { GenerationsListCommand.class, GenerationsPointsCommand.class, GenerationsPruneCommand.class })
final class GenerationsCommand extends ContainerCommand {

}
