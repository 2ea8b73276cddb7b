package dev.buckethead.live;

import dev.buckethead.BucketHeadException;

/** The live SQLite database could not be opened, read or replaced. */
public class LiveDatabaseException extends BucketHeadException {

	public LiveDatabaseException(String message, Throwable cause) {
		super(message, cause);
	}

	public LiveDatabaseException(String message) {
		super(message);
	}

}
