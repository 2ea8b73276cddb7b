package dev.buckethead.cli;

import picocli.CommandLine.Command;

/** {@code provision share-bucket}: one-time setup of buckets beside the snapshot bucket. */
@Command(name = "provision", description = "Create buckets a project needs besides its snapshot bucket.",
		subcommands = ProvisionShareBucketCommand.class)
final class ProvisionCommand extends ContainerCommand {

}
