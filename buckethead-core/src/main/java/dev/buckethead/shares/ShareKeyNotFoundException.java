package dev.buckethead.shares;

import dev.buckethead.CallerError;

/** The key to share is not held by the FileStore (on this branch). */
public class ShareKeyNotFoundException extends ShareException implements CallerError {

	private final String key;

	public ShareKeyNotFoundException(String key) {
		super("Cannot share '" + key + "': the FileStore holds no file with that key on this branch; put the file "
				+ "first and share the key put returns");
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
