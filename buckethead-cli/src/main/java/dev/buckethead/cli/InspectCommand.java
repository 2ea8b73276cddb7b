package dev.buckethead.cli;

import java.util.List;
import java.util.Optional;

import dev.buckethead.snapshot.HeadPointer;
import dev.buckethead.snapshot.SnapshotRepository;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What is in the bucket: the branches, and for one branch its head, retained generations, and (after restoring
 * the head to a temporary file) its tables and FileStore usage. The first look when something is wrong.
 */
@Command(name = "inspect", description = "Show branches, generations, tables and files of a snapshot.")
final class InspectCommand extends SessionCommand {

	@Mixin
	BranchOption branch = new BranchOption();

	@Option(names = "--no-tables", description = "Skip downloading the database to count tables and files.")
	boolean noTables;

	/**
	 * @param branch the branch inspected
	 * @param head its head, or null when it has only a plain object (or nothing)
	 * @param plainObject the key of a plain SQLite object (the original library's format) for the branch, or null
	 * @param generations the retained generations, newest first
	 * @param database the tables and files of the newest generation, or null when not read
	 */
	record Report(String bucket, String snapshotKey, List<String> branches, String branch,
			@Nullable HeadPointer head, @Nullable String plainObject, List<GenerationSummary> generations,
			@Nullable DatabaseSummary database) {
	}

	@Override
	void run(Session session, Output output) {
		SnapshotRepository repository = session.repository();
		String name = branch.in(session);
		List<String> branches = repository.branches();
		Optional<HeadPointer> head = repository.head(name);
		String plainObject = repository.plainObject(name).orElse(null);
		if (head.isEmpty() && plainObject == null && branch.given()) {
			throw new CommandException("Branch '" + name + "' does not exist in " + session.describeBucket()
					+ " under snapshot key '" + session.snapshotKey() + "'");
		}
		List<GenerationSummary> generations = head
			.map((pointer) -> GenerationSummary.of(repository.generations(name), pointer))
			.orElse(List.of());
		boolean restorable = head.isPresent() || plainObject != null;
		DatabaseSummary database = (restorable && !noTables) ? readDatabase(repository, name) : null;
		Report report = new Report(session.describeBucket(), session.snapshotKey(), branches, name,
				head.orElse(null), plainObject, generations, database);
		output.result(report, (result) -> print(result, output));
	}

	private static DatabaseSummary readDatabase(SnapshotRepository repository, String branch) {
		try (RestoredDatabase restored = RestoredDatabase.latest(repository, branch)) {
			return DatabaseSummary.read(restored.file());
		}
	}

	private static void print(Report report, Output output) {
		output.line("Bucket        " + report.bucket());
		output.line("Snapshot key  " + report.snapshotKey());
		output.line("Branches      " + (report.branches().isEmpty() ? "(none)" : String.join(", ", report.branches())));
		output.line("");
		HeadPointer head = report.head();
		if (head != null) {
			GenerationSummary latest = report.generations().get(0);
			output.line("Branch " + report.branch() + ": generation " + head.generation() + ", updated "
					+ Formats.time(head.updatedAt()));
			output.line("  size " + Formats.bytes(latest.size()) + ", page size " + latest.pageSize() + ", chunks "
					+ latest.chunks() + ", generations retained " + report.generations().size());
			output.line("");
			output.table(GenerationSummary.table(report.generations()));
		}
		else if (report.plainObject() != null) {
			output.line("Branch " + report.branch() + ": a plain SQLite object at '" + report.plainObject()
					+ "' (the original library's format; imported on first start)");
		}
		else {
			output.line("Branch " + report.branch() + ": no snapshot under '" + report.snapshotKey() + ".bh/' and no "
					+ "plain object at '" + report.snapshotKey() + "'");
		}
		DatabaseSummary database = report.database();
		if (database != null) {
			output.line("");
			TextTable tables = new TextTable("TABLE", "ROWS");
			database.tables().forEach((table) -> tables.row(table.name(), table.rows()));
			if (tables.isEmpty()) {
				output.line("No tables");
			}
			else {
				output.table(tables);
			}
			DatabaseSummary.FileUsage files = database.files();
			if (files != null) {
				output.line("");
				output.line("Files  " + files.blobs() + " blobs, " + Formats.bytes(files.bytes()));
			}
		}
	}

}
