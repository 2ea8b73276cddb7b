package dev.buckethead.encryption;

/**
 * An encrypted object failed authentication: its bytes were changed, cut short, or moved from another key. No
 * byte of it was used.
 */
public class TamperedObjectException extends EncryptionException {

	private final String key;

	TamperedObjectException(String key, String problem) {
		super("Encrypted object '" + key + "' failed authentication (" + problem + "): it was changed, truncated or "
				+ "copied from another key, or the bucket returned damaged bytes. Nothing of it was used; restore an "
				+ "older generation or enable fallback to the previous generation.");
		this.key = key;
	}

	/** The bucket key of the object. */
	public String key() {
		return key;
	}

}
