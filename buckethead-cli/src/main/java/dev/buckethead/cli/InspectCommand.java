package dev.buckethead.cli;

import java.util.List;

import dev.buckethead.snapshot.HeadPointer;
import dev.buckethead.snapshot.HeadRecovery;
import dev.buckethead.snapshot.HeadState;
import dev.buckethead.snapshot.Manifest;
import dev.buckethead.snapshot.RestorePoint;
import dev.buckethead.snapshot.SnapshotRepository;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What is in the bucket: the branches, and for one branch its head, retained generations, and (after restoring
 * the head to a temporary file) its tables and FileStore usage. The first look when something is wrong: it works
 * without a readable head too, listing the branch's generations in the bucket and the command that rebuilds it.
 */
@Command(name = "inspect", description = "Show branches, generations, tables and files of a snapshot.")
final class InspectCommand extends SessionCommand {

	@Mixin
	BranchOption branch = new BranchOption();

	@Option(names = "--no-tables", description = "Skip downloading the database to count tables and files.")
	boolean noTables;

	/**
	 * @param branch the branch inspected
	 * @param head its head, or null when it has only a plain object (or nothing), or its head is missing or
	 * unreadable
	 * @param headProblem "missing" or "unreadable (why)" when the bucket holds generations of the branch but no
	 * readable head, else null
	 * @param plainObject the key of a plain SQLite object (the original library's format) for the branch, or null
	 * @param generations the retained generations, newest first; without a readable head, every generation of
	 * the branch in the bucket
	 * @param database the tables and files of the newest generation, or null when not read
	 */
	record Report(String bucket, String snapshotKey, List<String> branches, String branch,
			@Nullable HeadPointer head, @Nullable String headProblem, @Nullable String plainObject,
			List<GenerationSummary> generations, @Nullable DatabaseSummary database) {
	}

	@Override
	void run(Session session, Output output) {
		SnapshotRepository repository = session.repository();
		String name = branch.in(session);
		List<String> branches = repository.branches();
		HeadState state = repository.headState(name);
		HeadPointer head = state.isSound() ? state.head().pointer() : null;
		String plainObject = repository.plainObject(name).orElse(null);
		List<GenerationSummary> generations;
		String headProblem = null;
		RestorePoint newest = RestorePoint.latest();
		if (head != null) {
			generations = GenerationSummary.of(repository.generations(name), head);
		}
		else {
			// No readable head: what is left of the branch is found by listing its manifests.
			List<Manifest> manifests = repository.inventory().manifestsOf(name);
			generations = manifests.stream().map((manifest) -> GenerationSummary.of(manifest, null)).toList();
			if (!manifests.isEmpty()) {
				newest = RestorePoint.generation(manifests.get(0).generation());
			}
			if (!manifests.isEmpty() || state.isDamaged()) {
				headProblem = state.describeProblem();
			}
		}
		if (head == null && headProblem == null && plainObject == null && branch.given()) {
			throw new CommandException("Branch '" + name + "' does not exist in " + session.describeBucket()
					+ " under snapshot key '" + session.snapshotKey() + "'");
		}
		boolean restorable = head != null || !generations.isEmpty() || plainObject != null;
		DatabaseSummary database = (restorable && !noTables) ? readDatabase(repository, name, newest) : null;
		Report report = new Report(session.describeBucket(), session.snapshotKey(), branches, name, head,
				headProblem, plainObject, generations, database);
		output.result(report, (result) -> print(result, output));
	}

	private static DatabaseSummary readDatabase(SnapshotRepository repository, String branch, RestorePoint point) {
		try (RestoredDatabase restored = RestoredDatabase.of(repository, branch, point)) {
			return DatabaseSummary.read(restored.file());
		}
	}

	private static void print(Report report, Output output) {
		output.line("Bucket        " + report.bucket());
		output.line("Snapshot key  " + report.snapshotKey());
		output.line("Branches      " + (report.branches().isEmpty() ? "(none)" : String.join(", ", report.branches())));
		output.line("");
		HeadPointer head = report.head();
		if (report.headProblem() != null) {
			output.line("Branch " + report.branch() + ": the head is " + report.headProblem() + "; "
					+ report.generations().size() + " generation(s) of it are in the bucket"
					+ (report.generations().isEmpty() ? "" : ", the newest " + report.generations().get(0).generation()));
			output.line("  rebuild the head: " + HeadRecovery.command(report.branch(), report.snapshotKey())
					+ " (a dry run; add --apply to write it)");
			if (!report.generations().isEmpty()) {
				output.line("");
				output.table(GenerationSummary.table(report.generations()));
			}
		}
		else if (head != null) {
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
				output.line("Files  " + Formats.count(files.blobs(), "blob") + ", " + Formats.bytes(files.bytes()));
			}
		}
	}

}
