package dev.buckethead.bucket;

import dev.buckethead.BucketHeadException;

/** A bucket operation failed (after retries, where the implementation retries). */
public class BucketException extends BucketHeadException {

	public BucketException(String message) {
		super(message);
	}

	public BucketException(String message, Throwable cause) {
		super(message, cause);
	}

}
