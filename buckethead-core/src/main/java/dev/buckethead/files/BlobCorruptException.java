package dev.buckethead.files;

/**
 * A blob's bytes do not hash to its key, so they are not the content that was put. Raised by
 * {@link FileStore#get(String, java.nio.file.Path)} before the destination is touched, and by the stream of
 * {@link FileStore#open(String)} when it reaches the end of the blob.
 */
public class BlobCorruptException extends FileStoreException {

	private final String key;

	private final String actualKey;

	public BlobCorruptException(String key, String objectKey, String actualKey, String consequence) {
		super("FileStore blob '" + objectKey + "' is corrupt: its content hashes to " + actualKey + ", not to its key "
				+ key + "; " + consequence);
		this.key = key;
		this.actualKey = actualKey;
	}

	/** The key that was read. */
	public String key() {
		return key;
	}

	/** The key the bytes actually read would have. */
	public String actualKey() {
		return actualKey;
	}

}
