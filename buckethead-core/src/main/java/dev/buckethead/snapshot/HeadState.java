package dev.buckethead.snapshot;

import dev.buckethead.snapshot.SnapshotStore.Head;
import org.jspecify.annotations.Nullable;

/**
 * A branch's head as found in the bucket: sound, missing, or present but unreadable. An unreadable head keeps
 * its ETag, so that a repair replaces exactly that object and never one another process wrote meanwhile.
 *
 * @param branch the branch
 * @param head the head, when it parsed
 * @param damagedEtag the ETag of an unreadable head
 * @param damage why the head is unreadable
 */
public record HeadState(String branch, @Nullable Head head, @Nullable String damagedEtag, @Nullable String damage) {

	static HeadState sound(String branch, Head head) {
		return new HeadState(branch, head, null, null);
	}

	static HeadState missing(String branch) {
		return new HeadState(branch, null, null, null);
	}

	static HeadState damaged(String branch, String etag, String damage) {
		return new HeadState(branch, null, etag, damage);
	}

	public boolean isSound() {
		return head != null;
	}

	public boolean isMissing() {
		return head == null && damage == null;
	}

	public boolean isDamaged() {
		return damage != null;
	}

	/** "missing" or "unreadable (why)", for messages. */
	public String describeProblem() {
		return isDamaged() ? "unreadable (" + damage + ")" : isMissing() ? "missing" : "sound";
	}

}
