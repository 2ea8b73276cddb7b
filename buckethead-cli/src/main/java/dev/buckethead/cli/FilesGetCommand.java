package dev.buckethead.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import dev.buckethead.files.FileInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** One file's content, written only once it hashes to its key. */
@Command(name = "get", description = "Write a file of the FileStore to FILE, verified against its key.")
final class FilesGetCommand extends SessionCommand {

	@Parameters(index = "0", paramLabel = "KEY", description = "The file's key (bh-<sha256>).")
	String key;

	@Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write it.")
	Path out;

	@Option(names = "--force", description = "Replace FILE if it exists.")
	boolean force;

	@Mixin
	BranchOption branch = new BranchOption();

	@Override
	void run(Session session, Output output) {
		if (Files.exists(out) && !force) {
			throw new CommandException("Refusing to overwrite " + out + " (it exists); pass --force to replace it");
		}
		FileInfo info;
		try (OfflineFileStore store = OfflineFileStore.open(session, branch.in(session), Duration.ZERO)) {
			store.files().get(key, out);
			info = store.files().stat(key).orElseThrow();
		}
		output.result(info, (file) -> output.line("Wrote " + file.key() + " to " + out + " ("
				+ Formats.bytes(file.size()) + ", verified against its SHA-256)"));
	}

}
