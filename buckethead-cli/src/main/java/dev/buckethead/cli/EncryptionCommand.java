package dev.buckethead.cli;

import picocli.CommandLine.Command;

/** {@code encryption rotate}: the keys of an encrypted bucket. */
@Command(name = "encryption", description = "Manage the encryption keys of an encrypted snapshot key.",
		subcommands = { EncryptionRotateCommand.class })
final class EncryptionCommand extends ContainerCommand {

}
