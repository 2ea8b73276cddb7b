package dev.buckethead.encryption;

import java.util.HexFormat;

/**
 * How content-addressed objects (chunks, reference lists, delta parts, FileStore blobs) are named from the
 * SHA-256 of their content. {@link #identity()}: the hash itself, the format every plain bucket has. Keyed
 * (encryption on): HMAC-SHA256 of the hash under the bucket's name key, so identical content still maps to one
 * object (deduplication is kept) but nobody without the key can tell which content an object holds, or test
 * whether a known file is stored. Names cannot be turned back into hashes: whoever needs to match objects with
 * content (gc) maps the hashes it knows to names and compares names.
 */
public abstract sealed class ObjectNames {

	private static final ObjectNames IDENTITY = new Identity();

	private ObjectNames() {
	}

	/** Names are the content hashes, as in every plain bucket. */
	public static ObjectNames identity() {
		return IDENTITY;
	}

	/** Names are HMAC-SHA256 (64 hex digits) of the content hash under {@code nameKey} (32 bytes). */
	public static ObjectNames keyed(byte[] nameKey) {
		if (nameKey.length != EncryptionKey.LENGTH) {
			throw new IllegalArgumentException("A name key is 32 bytes, got " + nameKey.length);
		}
		return new Keyed(nameKey.clone());
	}

	/** The name of the object holding the content whose SHA-256 is {@code sha256} (lowercase hex). */
	public abstract String of(String sha256);

	/** Whether names are keyed (and cannot be told from content hashes by looking). */
	public abstract boolean keyed();

	private static final class Identity extends ObjectNames {

		@Override
		public String of(String sha256) {
			return sha256;
		}

		@Override
		public boolean keyed() {
			return false;
		}

		@Override
		public String toString() {
			return "ObjectNames[content hashes]";
		}

	}

	private static final class Keyed extends ObjectNames {

		private final byte[] nameKey;

		Keyed(byte[] nameKey) {
			this.nameKey = nameKey;
		}

		@Override
		public String of(String sha256) {
			return HexFormat.of().formatHex(Hmacs.hmac(nameKey, Hmacs.ascii(sha256)));
		}

		@Override
		public boolean keyed() {
			return true;
		}

		@Override
		public String toString() {
			return "ObjectNames[keyed]";
		}

	}

}
