package dev.buckethead.snapshot;

import dev.buckethead.BucketHeadException;

/** Stored snapshot data is missing or damaged; the message names the object key. Nothing was loaded. */
public class CorruptSnapshotException extends BucketHeadException {

	private final String key;

	public CorruptSnapshotException(String key, String problem) {
		super("Snapshot object '" + key + "' is corrupt or missing: " + problem
				+ ". Refusing to start on damaged data; restore an older generation (restore as-of) or enable "
				+ "fallback to the previous generation.");
		this.key = key;
	}

	/** The bucket key of the damaged object. */
	public String key() {
		return key;
	}

}
