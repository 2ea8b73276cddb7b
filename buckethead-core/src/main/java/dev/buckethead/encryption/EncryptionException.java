package dev.buckethead.encryption;

import dev.buckethead.BucketHeadException;

/**
 * Encryption is misconfigured for the bucket, or an object cannot be decrypted; the message says which key or
 * key id, why, and what to configure. Nothing is loaded from an object that fails to decrypt.
 */
public class EncryptionException extends BucketHeadException {

	public EncryptionException(String message) {
		super(message);
	}

	public EncryptionException(String message, Throwable cause) {
		super(message, cause);
	}

}
