package dev.buckethead.files;

import dev.buckethead.BucketHeadException;

/**
 * Root of the errors {@link FileStore} raises. Used as is when moving content between a local file or stream and
 * the bucket fails part-way; the message names the key and the path involved.
 */
public class FileStoreException extends BucketHeadException {

	public FileStoreException(String message) {
		super(message);
	}

	public FileStoreException(String message, Throwable cause) {
		super(message, cause);
	}

}
