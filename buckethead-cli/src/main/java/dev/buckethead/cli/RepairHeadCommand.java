package dev.buckethead.cli;

import java.time.Instant;
import java.util.List;

import dev.buckethead.snapshot.HeadRecovery.Rejected;
import dev.buckethead.snapshot.HeadState;
import dev.buckethead.snapshot.Manifest;
import dev.buckethead.snapshot.SnapshotRepository.HeadRepair;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Rebuilds the head of a branch whose head is missing or unreadable, from the newest generation of the branch
 * that restores soundly: every chunk present and hash-verified, then {@code quick_check}. A dry run unless
 * {@code --apply}; the head is written conditionally on what was found, so a head another process wrote meanwhile
 * is never overwritten. A sound head is left alone.
 */
@Command(name = "repair-head",
		description = "Rebuild a missing or unreadable branch head from its newest sound generation (a dry run "
				+ "unless --apply).")
final class RepairHeadCommand extends SessionCommand {

	@Mixin
	BranchOption branch = new BranchOption();

	@ArgGroup(exclusive = true)
	@Nullable Mode mode;

	@Mixin
	ProgressOption progress = new ProgressOption();

	/** Dry run (the default) or apply. */
	static final class Mode {

		@Option(names = "--dry-run", description = "Verify and report what would be written (the default).")
		boolean dryRun;

		@Option(names = "--apply", description = "Write the head.")
		boolean apply;

	}

	/**
	 * @param head the head as found: sound, missing or unreadable (why)
	 * @param generation the newest sound generation, or null when the head was sound
	 * @param retained what the rebuilt head retains (in a dry run: would)
	 * @param rejected newer generations that did not restore soundly
	 * @param applied whether the head was written
	 * @param tip the delta step after the generation that the head is (would be) written at, or null
	 */
	record Result(String branch, String head, @Nullable String generation, @Nullable Instant createdAt,
			List<String> retained, List<Rejected> rejected, boolean applied, @Nullable String tip) {
	}

	@Override
	void run(Session session, Output output) {
		String name = branch.in(session);
		boolean apply = mode != null && mode.apply;
		HeadRepair repair = Progress.during(progress.enabled(environment()), output.err(), "repair-head: downloaded",
				() -> session.bucket().counters().bytesIn(), () -> session.repository().repairHead(name, apply));
		Manifest chosen = repair.chosen();
		HeadState before = repair.before();
		Result result = new Result(name, before.describeProblem(), chosen != null ? chosen.generation() : null,
				chosen != null ? chosen.createdAt() : null, repair.retained(), repair.rejected(), repair.applied(),
				repair.tip());
		output.result(result, (done) -> {
			if (chosen == null) {
				output.line("The head of branch " + name + " is sound (generation "
						+ before.head().pointer().generation() + "); nothing to repair");
				return;
			}
			output.line("Head of branch " + name + ": " + done.head());
			done.rejected().forEach((rejected) -> output.line("  skipped generation " + rejected.generation() + ": "
					+ rejected.problem()));
			output.line("Newest sound generation: " + done.generation() + " (created "
					+ Formats.time(done.createdAt()) + "; every chunk verified, quick_check ok)");
			String at = done.generation();
			if (done.tip() != null) {
				output.line("Delta steps after it, up to generation " + done.tip() + ": every part verified");
				at = done.tip();
			}
			if (done.applied()) {
				output.line("Wrote the head of branch " + name + " at " + at + ", retaining "
						+ done.retained().size() + " generation(s)");
			}
			else {
				output.line("Dry run: would write the head at " + at + ", retaining "
						+ done.retained() + "; run again with --apply to write it");
			}
		});
	}

}
