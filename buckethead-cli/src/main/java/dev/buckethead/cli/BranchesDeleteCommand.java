package dev.buckethead.cli;

import java.util.Map;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * Removes a branch's head. Its generations stay until {@code gc}, which keeps whatever another branch still
 * retains.
 */
@Command(name = "delete", description = "Delete a branch (its objects go at the next gc).")
final class BranchesDeleteCommand extends SessionCommand {

	@Parameters(index = "0", paramLabel = "NAME", description = "The branch to delete.")
	String name;

	@Override
	void run(Session session, Output output) {
		session.repository().deleteBranch(name);
		output.result(Map.of("deleted", name), (result) -> output.line("Deleted branch " + name
				+ "; 'buckethead gc' removes the objects only it used"));
	}

}
