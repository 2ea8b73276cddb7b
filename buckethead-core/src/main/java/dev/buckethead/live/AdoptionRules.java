package dev.buckethead.live;

import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * Whether a start may take a live file a dead process left behind instead of restoring from the bucket: only
 * when the file belongs to the same database and branch, passes {@code quick_check}, and the branch's head is
 * still the generation the file descends from. Then the file holds everything the bucket has plus the writes the
 * process acknowledged after its last flush. Any other file of this database is set aside, never adopted
 * silently; files of other databases are left alone. Pure decisions, no I/O.
 */
public final class AdoptionRules {

	private AdoptionRules() {
	}

	/** What to do with a leftover file. */
	public enum Verdict {

		/** Take it as the live database. */
		ADOPT,
		/** Keep it aside, named in a warning with the command that brings it back. */
		SET_ASIDE,
		/** Not this database's: leave it where it is for its own application. */
		LEAVE

	}

	/** A verdict and why, for the log. */
	public record Decision(Verdict verdict, String reason) {
	}

	/**
	 * What this start is about.
	 *
	 * @param bucket the bucket's description
	 * @param snapshotKey the snapshot key
	 * @param branch the branch being started
	 * @param base the generation the start would otherwise restore (the head's), null for a branch with none
	 * @param notAdoptable why no file may be adopted by this start at all (an older restore point, the plain
	 * format), or null
	 */
	public record Start(String bucket, String snapshotKey, String branch, @Nullable String base,
			@Nullable String notAdoptable) {
	}

	/** By the file's identity alone, before the file is opened. {@link Verdict#ADOPT} means: check it next. */
	public static Decision byIdentity(@Nullable LiveFileIdentity found, Start start) {
		if (found == null) {
			return new Decision(Verdict.SET_ASIDE, "its identity file is missing or unreadable, so it cannot be "
					+ "matched to a branch");
		}
		if (!found.sameDatabase(start.bucket(), start.snapshotKey())) {
			return new Decision(Verdict.LEAVE, "it belongs to snapshot key '" + found.snapshotKey() + "' in "
					+ found.bucket());
		}
		if (!found.branch().equals(start.branch())) {
			return new Decision(Verdict.SET_ASIDE, "it holds branch '" + found.branch() + "' and this start is for "
					+ "branch '" + start.branch() + "'");
		}
		if (start.notAdoptable() != null) {
			return new Decision(Verdict.SET_ASIDE, start.notAdoptable());
		}
		return new Decision(Verdict.ADOPT, "it holds branch '" + found.branch() + "' of this database");
	}

	/** After {@code quick_check}, for a file {@link #byIdentity} let through. */
	public static Decision afterCheck(LiveFileIdentity found, Start start, Optional<String> problem) {
		if (problem.isPresent()) {
			return new Decision(Verdict.SET_ASIDE, "it fails SQLite's quick_check: " + problem.get());
		}
		if (!found.descendsFrom(start.base())) {
			return new Decision(Verdict.SET_ASIDE, "the head of branch '" + start.branch() + "' moved on to "
					+ describe(start.base()) + " since the file's last flush (it descends from "
					+ describe(found.generation()) + ")");
		}
		return new Decision(Verdict.ADOPT, "the head of branch '" + start.branch() + "' is still at "
				+ describe(start.base()) + ", which the file descends from, and quick_check passed");
	}

	private static String describe(@Nullable String generation) {
		return generation == null ? "no generation" : "generation " + generation;
	}

}
