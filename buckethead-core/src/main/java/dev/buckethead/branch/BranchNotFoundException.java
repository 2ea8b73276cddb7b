package dev.buckethead.branch;

/** The named branch has no snapshot in the bucket. */
public class BranchNotFoundException extends BranchException {

	public BranchNotFoundException(String message) {
		super(message);
	}

	@Override
	public boolean notFound() {
		return true;
	}

}
