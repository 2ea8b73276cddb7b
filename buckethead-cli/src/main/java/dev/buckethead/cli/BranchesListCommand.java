package dev.buckethead.cli;

import java.time.Instant;
import java.util.List;

import dev.buckethead.snapshot.HeadPointer;
import dev.buckethead.snapshot.SnapshotRepository;
import picocli.CommandLine.Command;

/** Every branch with a head, and where its head is. */
@Command(name = "list", description = "List the branches and their heads.")
final class BranchesListCommand extends SessionCommand {

	/** @param retained how many generations the branch keeps */
	record Branch(String name, String generation, Instant updatedAt, int retained) {
	}

	@Override
	void run(Session session, Output output) {
		SnapshotRepository repository = session.repository();
		List<Branch> branches = repository.branches()
			.stream()
			.flatMap((name) -> repository.head(name).stream())
			.map(BranchesListCommand::of)
			.toList();
		output.result(branches, (list) -> {
			if (list.isEmpty()) {
				output.line("No branches under snapshot key '" + session.snapshotKey() + "' in "
						+ session.describeBucket());
				return;
			}
			TextTable table = new TextTable("BRANCH", "GENERATION", "UPDATED", "RETAINED");
			list.forEach((branch) -> table.row(branch.name(), branch.generation(), Formats.time(branch.updatedAt()),
					branch.retained()));
			output.table(table);
		});
	}

	static Branch of(HeadPointer head) {
		return new Branch(head.branch(), head.generation(), head.updatedAt(), head.retained().size());
	}

}
