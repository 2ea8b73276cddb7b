package dev.buckethead.kv;

/**
 * A key was null, empty or not well-formed Unicode (an unpaired surrogate), or, for a write, too long
 * ({@link KvKeyTooLongException}). Such keys are rejected rather than stored because SQLite keeps keys as UTF-8
 * text, where an unpaired surrogate would silently become {@code ?} and collide with another key.
 */
public class KvInvalidKeyException extends KvInvalidArgumentException {

	public KvInvalidKeyException(String message) {
		super(message);
	}

}
