package dev.buckethead.encryption;

import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A 256-bit master key and its id. The id is public (it is written in every object's header so a reader picks
 * the right key); the key bytes never leave this class except to derive per-object keys, and
 * {@link #toString()} shows only the id.
 */
public final class EncryptionKey {

	/** Master keys are exactly this long: AES-256. */
	public static final int LENGTH = 32;

	/** Bytes of the id in an object header (shown as 16 hex digits). */
	static final int ID_LENGTH = 8;

	private final byte[] bytes;

	private final byte[] id;

	private EncryptionKey(byte[] bytes) {
		this.bytes = bytes.clone();
		this.id = Arrays.copyOf(Hmacs.hmac(this.bytes, Hmacs.ascii("buckethead key id")), ID_LENGTH);
	}

	/** @throws EncryptionException unless {@code bytes} are 32 bytes */
	public static EncryptionKey of(byte[] bytes) {
		if (bytes.length != LENGTH) {
			throw new EncryptionException("An encryption key must be " + LENGTH + " bytes (256 bits), got "
					+ bytes.length + "; generate one with: openssl rand -base64 32");
		}
		return new EncryptionKey(bytes);
	}

	/**
	 * A key written as base64 (standard or URL-safe, padding optional), as {@code buckethead.encryption.key} holds it.
	 * @throws EncryptionException when it is not base64 of 32 bytes; the message never repeats the value
	 */
	public static EncryptionKey fromBase64(String base64) {
		String text = base64.strip();
		byte[] decoded;
		try {
			decoded = (text.contains("-") || text.contains("_")) ? Base64.getUrlDecoder().decode(text)
					: Base64.getDecoder().decode(text);
		}
		catch (IllegalArgumentException ex) {
			throw new EncryptionException("The encryption key is not valid base64 (" + text.length()
					+ " characters); generate one with: openssl rand -base64 32");
		}
		return of(decoded);
	}

	/** A key file: its content as base64 (a trailing newline is fine), or exactly 32 raw bytes. */
	public static EncryptionKey fromFile(Path file) {
		byte[] content;
		try {
			content = Files.readAllBytes(file);
		}
		catch (IOException ex) {
			throw new EncryptionException("Cannot read the encryption key file " + file + ": " + ex.getMessage()
					+ "; check the path (buckethead.encryption.key-file) and that this process may read it", ex);
		}
		if (content.length == LENGTH) {
			return of(content);
		}
		return fromBase64(new String(content, java.nio.charset.StandardCharsets.US_ASCII));
	}

	/** The key's id: 16 hex digits of HMAC-SHA256(key, "buckethead key id"). Safe to print. */
	public String id() {
		return HexFormat.of().formatHex(id);
	}

	byte[] idBytes() {
		return id.clone();
	}

	/** A key derived from this one for one purpose (HKDF-SHA256). */
	byte[] derive(byte[] salt, String purpose) {
		return Hmacs.hkdf(bytes, salt, purpose);
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof EncryptionKey key && Arrays.equals(id, key.id);
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(id);
	}

	@Override
	public String toString() {
		return "EncryptionKey[id=" + id() + "]";
	}

}
