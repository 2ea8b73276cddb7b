package dev.buckethead.files;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

import dev.buckethead.encryption.ObjectNames;
import org.jspecify.annotations.Nullable;

/**
 * The form of {@link FileStore} keys: {@code bh-} followed by the lowercase hex SHA-256 of the content, exactly as
 * the original library writes them, so that keys stored by either read the same blobs.
 */
final class FileKeys {

	private static final String PREFIX = "bh-";

	private static final Pattern FORM = Pattern.compile("bh-[0-9a-f]{64}");

	/** Blob names in an encrypted bucket: keyed, so that they do not reveal the content (its key). */
	private static final String KEYED_PREFIX = "bhk-";

	private static final Pattern KEYED_FORM = Pattern.compile("bhk-[0-9a-f]{64}");

	private FileKeys() {
	}

	/** Whether {@code candidate} has the form of a key. */
	static boolean isKey(String candidate) {
		return FORM.matcher(candidate).matches();
	}

	/**
	 * Returns {@code key} if it has the form of a key.
	 * @throws InvalidFileKeyException if it does not
	 */
	static String check(@Nullable String key) {
		if (key == null || !isKey(key)) {
			throw new InvalidFileKeyException(key);
		}
		return key;
	}

	/**
	 * The name of the blob of {@code key} under the object prefix: the key itself, as the original library
	 * names it, or {@code bhk-<keyed name of the hash>} when names are keyed (an encrypted bucket).
	 */
	static String blobName(String key, ObjectNames names) {
		return names.keyed() ? KEYED_PREFIX + names.of(key.substring(PREFIX.length())) : key;
	}

	/** Whether {@code name} has the form of a blob name under {@code names}. */
	static boolean isBlobName(String name, ObjectNames names) {
		return (names.keyed() ? KEYED_FORM : FORM).matcher(name).matches();
	}

	/** A new SHA-256 digest to hash content with. */
	static MessageDigest newDigest() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every Java runtime", ex);
		}
	}

	/** The key of the content {@code digest} has hashed; completes the digest. */
	static String keyOf(MessageDigest digest) {
		return PREFIX + HexFormat.of().formatHex(digest.digest());
	}

}
