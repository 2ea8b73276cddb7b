package dev.buckethead.docs;

import dev.buckethead.CallerError;

import dev.buckethead.BucketHeadException;

/**
 * A document, collection name or id that cannot be stored: not a JSON object, an {@code _id} that is neither a
 * string nor a number, or a collection name that is empty, too long or contains control characters.
 */
public class InvalidDocumentException extends BucketHeadException implements CallerError {

	public InvalidDocumentException(String message) {
		super(message);
	}

	public InvalidDocumentException(String message, Throwable cause) {
		super(message, cause);
	}

}
