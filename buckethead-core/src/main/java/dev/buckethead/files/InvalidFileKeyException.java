package dev.buckethead.files;

import dev.buckethead.CallerError;

import org.jspecify.annotations.Nullable;

/**
 * A string passed as a {@link FileStore} key is not one: keys are {@code bh-} followed by the 64 lowercase hex
 * digits of the content's SHA-256. Rejected before any lookup so that a typo reads as a typo, not as "not found".
 */
public class InvalidFileKeyException extends FileStoreException implements CallerError {

	private final @Nullable String key;

	public InvalidFileKeyException(@Nullable String key) {
		super("Invalid FileStore key " + (key != null ? "'" + key + "'" : "null") + ": keys are 'bh-' followed by "
				+ "the 64 lowercase hex digits of the content's SHA-256, as FileStore.put returns them");
		this.key = key;
	}

	/** The rejected key, or null if none was given. */
	public @Nullable String key() {
		return key;
	}

}
