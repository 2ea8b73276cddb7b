package dev.buckethead.encryption;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 and HKDF-SHA256 (RFC 5869, one output block) from the JDK: the only key derivation used. */
final class Hmacs {

	private static final String HMAC = "HmacSHA256";

	private Hmacs() {
	}

	static byte[] hmac(byte[] key, byte[]... parts) {
		try {
			Mac mac = Mac.getInstance(HMAC);
			mac.init(new SecretKeySpec(key, HMAC));
			for (byte[] part : parts) {
				mac.update(part);
			}
			return mac.doFinal();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is part of every Java runtime", ex);
		}
	}

	/** 32 bytes of HKDF-SHA256: extract with {@code salt}, expand with {@code info}. */
	static byte[] hkdf(byte[] inputKey, byte[] salt, String info) {
		byte[] pseudoRandomKey = hmac(salt, inputKey);
		return hmac(pseudoRandomKey, info.getBytes(StandardCharsets.US_ASCII), new byte[] { 1 });
	}

	static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

}
