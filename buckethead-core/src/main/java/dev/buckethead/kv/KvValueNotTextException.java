package dev.buckethead.kv;

import dev.buckethead.CallerError;

import java.nio.charset.CharacterCodingException;

/**
 * A value read as text is not valid UTF-8, almost always because it was written with
 * {@link KvStore#setBytes(String, byte[])}. Text and bytes share one column, so the store cannot tell them apart
 * until it decodes; read such values with {@link KvStore#getBytes(String)}.
 */
public class KvValueNotTextException extends KvException implements CallerError {

	private final String key;

	public KvValueNotTextException(String key, int byteOffset, CharacterCodingException cause) {
		super("Value for key '" + key + "' is not valid UTF-8 text (malformed at byte " + byteOffset
				+ "); it was probably written with setBytes. Read it with getBytes(\"" + key + "\") instead.", cause);
		this.key = key;
	}

	public String key() {
		return key;
	}

}
