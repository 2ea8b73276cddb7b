package dev.buckethead;

/**
 * Root of every error BucketHead raises. Unchecked, so that callers decide where to handle it; each subclass
 * names one kind of failure, and every message says what went wrong and why.
 */
public class BucketHeadException extends RuntimeException {

	public BucketHeadException(String message) {
		super(message);
	}

	public BucketHeadException(String message, Throwable cause) {
		super(message, cause);
	}

}
