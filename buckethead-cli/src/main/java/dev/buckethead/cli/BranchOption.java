package dev.buckethead.cli;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** {@code --branch}, for the commands that work on one branch; the library's default branch when absent. */
final class BranchOption {

	@Option(names = "--branch", paramLabel = "BRANCH",
			description = "Branch (default: BUCKETHEAD_SNAPSHOT__BRANCH, else main).")
	@Nullable String branch;

	String in(Session session) {
		return branch != null ? branch : session.defaultBranch();
	}

	boolean given() {
		return branch != null;
	}

}
