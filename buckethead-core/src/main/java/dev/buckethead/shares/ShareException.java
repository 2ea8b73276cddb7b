package dev.buckethead.shares;

import dev.buckethead.BucketHeadException;

/** Sharing a file failed; the message names the key or bucket and says why. */
public class ShareException extends BucketHeadException {

	public ShareException(String message) {
		super(message);
	}

	public ShareException(String message, Throwable cause) {
		super(message, cause);
	}

}
