package dev.buckethead.cli;

import dev.buckethead.snapshot.RestorePoint;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * A new branch at another branch's current generation, or at one of its retained points ({@code --as-of},
 * {@code --generation}). No data is copied: a head is written at the point's base, or, for a delta step, at a base
 * compacted from bucket objects, which uploads only the chunks its deltas changed.
 */
@Command(name = "create", description = "Create a branch at another branch's current generation or at a retained point.")
final class BranchesCreateCommand extends SessionCommand {

	@Parameters(index = "0", paramLabel = "NAME", description = "The new branch.")
	String name;

	@Option(names = "--from", paramLabel = "BRANCH",
			description = "The branch to start from (default: BUCKETHEAD_SNAPSHOT__BRANCH, else main).")
	@Nullable String from;

	@ArgGroup(exclusive = true)
	RestoreCommand.@Nullable Point point;

	@Override
	void run(Session session, Output output) {
		String source = from != null ? from : session.defaultBranch();
		session.repository().createBranch(name, source, point != null ? point.restorePoint() : RestorePoint.latest());
		BranchesListCommand.Branch created = BranchesListCommand.of(session.repository().head(name).orElseThrow());
		output.result(created, (branch) -> output.line("Created branch " + branch.name() + " at generation "
				+ branch.generation() + " (from " + source + ")"));
	}

}
