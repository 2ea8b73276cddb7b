package dev.buckethead.docs;

import dev.buckethead.CallerError;

import dev.buckethead.BucketHeadException;

/**
 * A filter, sort, projection or path that cannot be turned into a query. Raised before any SQL runs, so a bad
 * filter never half-executes; the message names the operator and the path at fault.
 */
public class InvalidFilterException extends BucketHeadException implements CallerError {

	public InvalidFilterException(String message) {
		super(message);
	}

}
