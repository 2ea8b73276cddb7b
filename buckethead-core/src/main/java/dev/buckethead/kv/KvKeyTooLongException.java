package dev.buckethead.kv;

/**
 * A key to be written is longer than {@link KvOptions#maxKeyBytes()} in UTF-8. Nothing was written. The message
 * gives the key's length and its first characters, never the whole key, which may be long or sensitive.
 */
public class KvKeyTooLongException extends KvInvalidKeyException {

	private static final int SHOWN_CHARACTERS = 32;

	private final int lengthBytes;

	private final int maxKeyBytes;

	public KvKeyTooLongException(String key, int lengthBytes, int maxKeyBytes) {
		super("KvStore key '" + start(key) + "' is " + lengthBytes + " bytes long in UTF-8, over the limit of "
				+ maxKeyBytes + " bytes (KvOptions.maxKeyBytes). Keys are held in the table's index and in every "
				+ "snapshot: use a shorter key, for instance a hash of the long one, with the long one in the value.");
		this.lengthBytes = lengthBytes;
		this.maxKeyBytes = maxKeyBytes;
	}

	private static String start(String key) {
		if (key.length() <= SHOWN_CHARACTERS) {
			return key;
		}
		int end = Character.isHighSurrogate(key.charAt(SHOWN_CHARACTERS - 1)) ? SHOWN_CHARACTERS - 1
				: SHOWN_CHARACTERS;
		return key.substring(0, end) + "...";
	}

	/** The rejected key's length in bytes of UTF-8. */
	public int lengthBytes() {
		return lengthBytes;
	}

	public int maxKeyBytes() {
		return maxKeyBytes;
	}

}
