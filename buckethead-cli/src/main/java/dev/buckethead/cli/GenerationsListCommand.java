package dev.buckethead.cli;

import java.util.List;

import dev.buckethead.snapshot.HeadPointer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The generations a branch can be restored to, newest first. */
@Command(name = "list", description = "List a branch's retained generations, newest first.")
final class GenerationsListCommand extends SessionCommand {

	@Mixin
	BranchOption branch = new BranchOption();

	@Override
	void run(Session session, Output output) {
		String name = branch.in(session);
		List<GenerationSummary> generations = session.repository()
			.head(name)
			.map((HeadPointer head) -> GenerationSummary.of(session.repository().generations(name), head))
			.orElseThrow(() -> new CommandException("Branch '" + name + "' does not exist in "
					+ session.describeBucket()));
		output.result(generations, (list) -> output.table(GenerationSummary.table(list)));
	}

}
