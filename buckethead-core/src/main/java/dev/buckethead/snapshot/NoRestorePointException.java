package dev.buckethead.snapshot;

import dev.buckethead.BucketHeadException;

/** The branch has no retained point matching the requested restore point; nothing was loaded. */
public class NoRestorePointException extends BucketHeadException {

	public NoRestorePointException(String message) {
		super(message);
	}

}
