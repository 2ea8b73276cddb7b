package dev.buckethead.files;

import dev.buckethead.CallerError;

/**
 * A well-formed key that the {@link FileStore} does not hold: it was never put on this branch, or it was
 * deleted.
 */
public class FileNotFoundInStoreException extends FileStoreException implements CallerError {

	private final String key;

	public FileNotFoundInStoreException(String key) {
		super("FileStore has no file with key '" + key + "': it was never put on this branch or it was deleted");
		this.key = key;
	}

	public String key() {
		return key;
	}

	@Override
	public boolean notFound() {
		return true;
	}

}
