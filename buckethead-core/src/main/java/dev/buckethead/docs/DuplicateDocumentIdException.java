package dev.buckethead.docs;

import dev.buckethead.CallerError;

import dev.buckethead.BucketHeadException;

/**
 * An insert whose {@code _id} is already taken in the collection. Ids are unique per collection, like a primary
 * key; use {@link DocCollection#replace} to overwrite a document on purpose.
 */
public class DuplicateDocumentIdException extends BucketHeadException implements CallerError {

	public DuplicateDocumentIdException(String collection, String id) {
		super("Collection '" + collection + "' already has a document with _id '" + id + "'");
	}

}
