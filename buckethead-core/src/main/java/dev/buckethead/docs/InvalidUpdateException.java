package dev.buckethead.docs;

import dev.buckethead.CallerError;

import dev.buckethead.BucketHeadException;

/**
 * An update that cannot be applied: an unknown operator, or an operator that does not fit the value it targets
 * ({@code $inc} on a string, {@code $push} onto an object). Raised before anything is written, so a failed
 * {@code update} leaves every document as it was.
 */
public class InvalidUpdateException extends BucketHeadException implements CallerError {

	public InvalidUpdateException(String message) {
		super(message);
	}

}
