package dev.buckethead.encryption;

import java.util.Collection;

/** An object is sealed with a key the key ring does not hold (a wrong key, or an old key dropped too early). */
public class UnknownKeyException extends EncryptionException {

	private final String keyId;

	UnknownKeyException(String objectKey, String keyId, Collection<String> ringIds) {
		super("Object '" + objectKey + "' is encrypted with key id " + keyId + ", which the configured key ring "
				+ ringIds + " does not hold. Configure that key (buckethead.encryption.key, "
				+ "BUCKETHEAD_ENCRYPTION__KEY or a key file), or add it to the ring as an old key after a rotation.");
		this.keyId = keyId;
	}

	/** The id of the key the object needs. */
	public String keyId() {
		return keyId;
	}

}
