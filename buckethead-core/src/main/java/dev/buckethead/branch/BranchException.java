package dev.buckethead.branch;

import dev.buckethead.CallerError;

import dev.buckethead.BucketHeadException;

/** A branch operation was refused; the message says which branch and why. */
public class BranchException extends BucketHeadException implements CallerError {

	public BranchException(String message) {
		super(message);
	}

}
