package dev.buckethead.files;

/**
 * A well-formed key that the {@link FileStore} does not hold: it was never put on this branch, or it was
 * deleted.
 */
public class FileNotFoundInStoreException extends FileStoreException {

	private final String key;

	public FileNotFoundInStoreException(String key) {
		super("FileStore has no file with key '" + key + "': it was never put on this branch or it was deleted");
		this.key = key;
	}

	public String key() {
		return key;
	}

}
