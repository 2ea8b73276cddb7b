package dev.buckethead.branch;

import dev.buckethead.BucketHeadException;

/** A branch operation was refused; the message says which branch and why. */
public class BranchException extends BucketHeadException {

	public BranchException(String message) {
		super(message);
	}

}
