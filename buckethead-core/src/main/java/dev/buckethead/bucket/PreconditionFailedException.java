package dev.buckethead.bucket;

/** A conditional write was refused because the object changed (or exists) since the caller last saw it. */
public class PreconditionFailedException extends BucketException {

	private final String key;

	public PreconditionFailedException(String key, WriteCondition condition) {
		super("Conditional write to '" + key + "' refused (" + condition + "): another writer changed it");
		this.key = key;
	}

	public String key() {
		return key;
	}

}
