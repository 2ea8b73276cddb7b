package dev.buckethead.snapshot;

import dev.buckethead.BucketHeadException;

/** Stored snapshot data is missing or damaged; the message names the object key. Nothing was loaded. */
public class CorruptSnapshotException extends BucketHeadException {

	private final String key;

	private final String problem;

	public CorruptSnapshotException(String key, String problem) {
		this(key, problem, "Snapshot object '" + key + "' is corrupt or missing: " + problem
				+ ". Refusing to start on damaged data; restore an older generation (restore as-of) or enable "
				+ "fallback to the previous generation.");
	}

	/** For subclasses whose message says more precisely what to do. */
	protected CorruptSnapshotException(String key, String problem, String message) {
		super(message);
		this.key = key;
		this.problem = problem;
	}

	/** The bucket key of the damaged object. */
	public String key() {
		return key;
	}

	/** What is wrong with the object, without the advice. */
	public String problem() {
		return problem;
	}

}
