package dev.buckethead.docs;

import dev.buckethead.CallerError;

import dev.buckethead.BucketHeadException;

/**
 * A document, collection name or id that cannot be stored: not a JSON object, a value that is not JSON (a
 * {@code Thread}, a stream, NaN, a map that contains itself), nesting deeper than 100 levels, an {@code _id} that
 * is neither a string nor a number, or a collection name that is empty, too long or contains control characters.
 * The message names where in the document the problem is.
 */
public class InvalidDocumentException extends BucketHeadException implements CallerError {

	public InvalidDocumentException(String message) {
		super(message);
	}

	public InvalidDocumentException(String message, Throwable cause) {
		super(message, cause);
	}

}
