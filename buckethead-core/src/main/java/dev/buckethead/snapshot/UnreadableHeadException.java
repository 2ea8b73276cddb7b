package dev.buckethead.snapshot;

/** The branch's head exists but cannot be parsed. Nothing was loaded or written. */
public class UnreadableHeadException extends CorruptSnapshotException {

	UnreadableHeadException(String key, String branch, String problem, String snapshotKey) {
		super(key, problem, "The head of branch '" + branch + "' ('" + key + "') is unreadable: " + problem
				+ ". Refusing to start. Rebuild it from the newest sound generation of the branch with '"
				+ HeadRecovery.command(branch, snapshotKey) + "' (a dry run; add --apply to write it), or enable "
				+ "fallback to the previous generation (buckethead.snapshot.fallback-to-previous-generation=true) "
				+ "to start from that generation and rewrite the head.");
	}

}
