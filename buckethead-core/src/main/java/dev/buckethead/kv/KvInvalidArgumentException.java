package dev.buckethead.kv;

import dev.buckethead.CallerError;

/**
 * A {@link KvStore} call was given an argument it cannot store: a null value, a value that is not well-formed
 * Unicode, or a time-to-live that is not positive. Nothing was written.
 */
public class KvInvalidArgumentException extends KvException implements CallerError {

	public KvInvalidArgumentException(String message) {
		super(message);
	}

}
