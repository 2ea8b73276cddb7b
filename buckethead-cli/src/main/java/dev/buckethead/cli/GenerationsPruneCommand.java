package dev.buckethead.cli;

import java.util.List;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * Keeps only the newest generations of a branch, moving its head conditionally like a flush. The manifests
 * dropped are deleted unless another branch retains them; their chunks go at the next {@code gc}.
 */
@Command(name = "prune", description = "Keep only the newest N generations of a branch.")
final class GenerationsPruneCommand extends SessionCommand {

	@Option(names = "--keep", required = true, paramLabel = "N", description = "How many generations to keep (1 or more).")
	int keep;

	@Mixin
	BranchOption branch = new BranchOption();

	/** @param dropped the generations no longer retained, newest first */
	record Result(String branch, int kept, List<String> dropped) {
	}

	@Override
	void run(Session session, Output output) {
		if (keep < 1) {
			throw new ParameterException(spec.commandLine(), "--keep must be at least 1, got " + keep);
		}
		String name = branch.in(session);
		List<String> dropped = session.repository().prune(name, keep);
		int kept = session.repository().head(name).map((head) -> head.retained().size()).orElse(0);
		output.result(new Result(name, kept, dropped), (result) -> {
			if (result.dropped().isEmpty()) {
				output.line("Nothing to prune: branch " + name + " retains " + Formats.count(kept, "generation"));
				return;
			}
			output.line("Dropped " + Formats.count(result.dropped().size(), "generation") + " of branch " + name
					+ ", kept " + kept + "; 'buckethead gc' removes the chunks only they used:");
			result.dropped().forEach((generation) -> output.line("  " + generation));
		});
	}

}
