package dev.buckethead.cli;

import java.time.Duration;
import java.util.List;

import dev.buckethead.files.FileInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The files the FileStore of a branch records (in its newest generation). */
@Command(name = "list", description = "List the files of a branch's FileStore.")
final class FilesListCommand extends SessionCommand {

	@Mixin
	BranchOption branch = new BranchOption();

	@Override
	void run(Session session, Output output) {
		List<FileInfo> files;
		try (OfflineFileStore store = OfflineFileStore.open(session, branch.in(session), Duration.ZERO)) {
			files = store.files().list();
		}
		output.result(files, (list) -> {
			TextTable table = new TextTable("KEY", "SIZE", "CONTENT TYPE", "NAME", "CREATED");
			list.forEach((file) -> table.row(file.key(), Formats.bytes(file.size()), file.contentType(), file.name(),
					Formats.time(file.createdAt())));
			output.table(table);
			output.line(Formats.count(list.size(), "file") + ", " + Formats.bytes(list.stream().mapToLong(FileInfo::size).sum()));
		});
	}

}
