package dev.buckethead.tracker;

import dev.buckethead.BucketHeadException;

/** A {@link LocalFileTracker} operation failed; the message names the path and says why. */
public class TrackerException extends BucketHeadException {

	public TrackerException(String message) {
		super(message);
	}

	public TrackerException(String message, Throwable cause) {
		super(message, cause);
	}

}
