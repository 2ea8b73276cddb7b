package dev.buckethead.cli;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** A new branch at another branch's current generation; no data is copied, only a head is written. */
@Command(name = "create", description = "Create a branch at another branch's current generation.")
final class BranchesCreateCommand extends SessionCommand {

	@Parameters(index = "0", paramLabel = "NAME", description = "The new branch.")
	String name;

	@Option(names = "--from", paramLabel = "BRANCH",
			description = "The branch to start from (default: BUCKETHEAD_SNAPSHOT__BRANCH, else main).")
	@Nullable String from;

	@Override
	void run(Session session, Output output) {
		String source = from != null ? from : session.defaultBranch();
		session.repository().createBranch(name, source);
		BranchesListCommand.Branch created = BranchesListCommand.of(session.repository().head(name).orElseThrow());
		output.result(created, (branch) -> output.line("Created branch " + branch.name() + " at generation "
				+ branch.generation() + " (from " + source + ")"));
	}

}
