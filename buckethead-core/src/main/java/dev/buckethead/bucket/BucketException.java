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

	/**
	 * Why the operation failed (refused credentials, missing bucket, unreachable or silent server, ...), read from
	 * this exception's causes. A subclass that knows better overrides it.
	 */
	public BucketFailureKind kind() {
		return BucketFailureKind.of(this);
	}

}
