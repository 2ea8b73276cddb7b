package dev.buckethead.files;

/**
 * The {@link FileStore} holds a key but its blob is not in the bucket. The metadata row and the bucket disagree,
 * which means the object was deleted behind the store's back (or by a garbage collection that could not see the
 * row, such as one run against another bucket prefix).
 */
public class BlobMissingException extends FileStoreException {

	private final String key;

	public BlobMissingException(String key, String objectKey, String bucket) {
		super("FileStore knows key '" + key + "' but its blob '" + objectKey + "' is missing from " + bucket
				+ ": the object was deleted outside the FileStore");
		this.key = key;
	}

	public String key() {
		return key;
	}

}
