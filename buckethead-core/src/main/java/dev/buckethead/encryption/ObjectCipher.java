package dev.buckethead.encryption;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals or opens the segments of one object (see {@link SealedFormat}). One instance per object and per thread:
 * the JDK's {@link Cipher} is not thread-safe.
 */
final class ObjectCipher {

	private static final String PURPOSE = "buckethead object v1";

	private final String objectKey;

	private final byte[] header;

	private final byte[] associatedData;

	private final SecretKeySpec key;

	private final Cipher cipher;

	private final byte[] nonce = new byte[12];

	private ObjectCipher(String objectKey, byte[] header, EncryptionKey master) {
		this.objectKey = objectKey;
		this.header = header;
		byte[] keyBytes = objectKey.getBytes(StandardCharsets.UTF_8);
		this.associatedData = Arrays.copyOf(header, header.length + keyBytes.length);
		System.arraycopy(keyBytes, 0, this.associatedData, header.length, keyBytes.length);
		byte[] salt = Arrays.copyOfRange(header, SealedFormat.SALT_OFFSET, SealedFormat.SALT_OFFSET + SealedFormat.SALT);
		this.key = new SecretKeySpec(master.derive(salt, PURPOSE), "AES");
		System.arraycopy(header, SealedFormat.NONCE_PREFIX_OFFSET, nonce, 0, SealedFormat.NONCE_PREFIX);
		try {
			this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES/GCM is part of every Java runtime", ex);
		}
	}

	/** A cipher for a new object at {@code objectKey}, sealed with the ring's primary key and fresh randomness. */
	static ObjectCipher forNewObject(String objectKey, EncryptionKey primary, SecureRandom random) {
		byte[] header = new byte[SealedFormat.HEADER];
		System.arraycopy(SealedFormat.MAGIC, 0, header, 0, 4);
		header[4] = SealedFormat.VERSION;
		header[5] = SealedFormat.SEGMENT_LOG2;
		System.arraycopy(primary.idBytes(), 0, header, SealedFormat.KEY_ID_OFFSET, EncryptionKey.ID_LENGTH);
		byte[] fresh = new byte[SealedFormat.SALT + SealedFormat.NONCE_PREFIX];
		random.nextBytes(fresh);
		System.arraycopy(fresh, 0, header, SealedFormat.SALT_OFFSET, fresh.length);
		return new ObjectCipher(objectKey, header, primary);
	}

	/**
	 * A cipher for the stored object at {@code objectKey} whose first bytes are {@code header}.
	 * @throws EncryptionException when the bytes are no header of this format
	 * @throws UnknownKeyException when the ring lacks the object's key
	 */
	static ObjectCipher forStoredObject(String objectKey, byte[] header, KeyRing ring) {
		if (!SealedFormat.hasMagic(header)) {
			throw notEncrypted(objectKey);
		}
		if (header[4] != SealedFormat.VERSION || header[5] != SealedFormat.SEGMENT_LOG2) {
			throw new EncryptionException("Object '" + objectKey + "' is encrypted in format " + header[4]
					+ " (segment size 2^" + header[5] + "), which this version of BucketHead does not read: it was "
					+ "written by a newer version; upgrade BucketHead to read it.");
		}
		String keyId = HexFormat.of()
			.formatHex(header, SealedFormat.KEY_ID_OFFSET, SealedFormat.KEY_ID_OFFSET + EncryptionKey.ID_LENGTH);
		EncryptionKey master = ring.byId(keyId).orElseThrow(() -> new UnknownKeyException(objectKey, keyId, ring.ids()));
		return new ObjectCipher(objectKey, Arrays.copyOf(header, SealedFormat.HEADER), master);
	}

	static EncryptionException notEncrypted(String objectKey) {
		return new EncryptionException("Object '" + objectKey + "' is not encrypted (it has no BucketHead "
				+ "encryption header) although encryption is on: a plain object where only encrypted ones may be. It "
				+ "was written without encryption, or by something other than BucketHead; refusing to read it rather "
				+ "than mix plain and encrypted data. See docs/encryption.md (migrating).");
	}

	/** The id of the key in {@code header}, or null when it is no sealed header. */
	static String keyIdOf(byte[] header) {
		return SealedFormat.hasMagic(header) ? HexFormat.of()
			.formatHex(header, SealedFormat.KEY_ID_OFFSET, SealedFormat.KEY_ID_OFFSET + EncryptionKey.ID_LENGTH)
				: null;
	}

	byte[] header() {
		return header.clone();
	}

	void copyHeader(byte[] out, int offset) {
		System.arraycopy(header, 0, out, offset, header.length);
	}

	/** Seals {@code length} plaintext bytes as segment {@code index}; returns the bytes written (length + tag). */
	int seal(long index, boolean last, byte[] in, int offset, int length, byte[] out, int outOffset) {
		try {
			cipher.init(Cipher.ENCRYPT_MODE, key, parameters(index, last));
			cipher.updateAAD(associatedData);
			return cipher.doFinal(in, offset, length, out, outOffset);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM refused to seal segment " + index + " of '" + objectKey + "'", ex);
		}
	}

	/**
	 * Opens sealed segment {@code index} ({@code length} bytes, tag included); returns the plaintext bytes written.
	 * @throws TamperedObjectException when the segment fails authentication
	 */
	int open(long index, boolean last, byte[] in, int offset, int length, byte[] out, int outOffset) {
		if (length < SealedFormat.TAG) {
			throw new TamperedObjectException(objectKey, "segment " + index + " is cut short");
		}
		try {
			cipher.init(Cipher.DECRYPT_MODE, key, parameters(index, last));
			cipher.updateAAD(associatedData);
			return cipher.doFinal(in, offset, length, out, outOffset);
		}
		catch (AEADBadTagException ex) {
			throw new TamperedObjectException(objectKey, "segment " + index + (last ? ", the last," : "")
					+ " does not authenticate");
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("AES-GCM refused to open segment " + index + " of '" + objectKey + "'", ex);
		}
	}

	private GCMParameterSpec parameters(long index, boolean last) {
		if (index < 0 || index > 0xFFFF_FFFFL) {
			throw new EncryptionException("Object '" + objectKey + "' would need segment " + index
					+ ": an encrypted object holds at most 2^32 segments (256 TiB)");
		}
		nonce[7] = (byte) (index >>> 24);
		nonce[8] = (byte) (index >>> 16);
		nonce[9] = (byte) (index >>> 8);
		nonce[10] = (byte) index;
		nonce[11] = (byte) (last ? 1 : 0);
		return new GCMParameterSpec(SealedFormat.TAG * 8, nonce);
	}

}
