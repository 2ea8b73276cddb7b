package dev.buckethead.kv;

import dev.buckethead.BucketHeadException;

/** Root of the errors that {@link KvStore} raises about its own contract (as opposed to SQL failures). */
public class KvException extends BucketHeadException {

	public KvException(String message) {
		super(message);
	}

	public KvException(String message, Throwable cause) {
		super(message, cause);
	}

}
