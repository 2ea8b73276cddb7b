package dev.buckethead.shares;

import java.nio.charset.StandardCharsets;

import dev.buckethead.files.FileInfo;
import org.jspecify.annotations.Nullable;

/**
 * Names copies in the share bucket {@code shares/<key>/<name>}: under the key, so that one key's copies are
 * found and deleted together, and ending in the file's original name, so that a downloaded link saves under a
 * sensible name. Builds the public URL of a copy with each path segment percent-encoded.
 */
final class ObjectKeys {

	private static final int MAX_NAME_BYTES = 200;

	private ObjectKeys() {
	}

	/** The key of the copy of {@code file}. */
	static String of(FileInfo file) {
		return prefixOf(file.key()) + safeName(file.name(), file.key());
	}

	/** The prefix every copy of {@code key} starts with. */
	static String prefixOf(String key) {
		return ShareConfig.OBJECT_PREFIX + key + "/";
	}

	/** The FileStore key a copy's object key belongs to, or null for an object that is not a copy. */
	static @Nullable String keyOf(String objectKey) {
		if (!objectKey.startsWith(ShareConfig.OBJECT_PREFIX)) {
			return null;
		}
		String rest = objectKey.substring(ShareConfig.OBJECT_PREFIX.length());
		int slash = rest.indexOf('/');
		return (slash > 0) ? rest.substring(0, slash) : null;
	}

	/** {@code baseUrl}, {@code /}, and every segment of {@code objectKey} percent-encoded (RFC 3986). */
	static String publicUrl(String baseUrl, String objectKey) {
		StringBuilder url = new StringBuilder(baseUrl);
		for (String segment : objectKey.split("/", -1)) {
			url.append('/');
			for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
				char c = (char) (b & 0xff);
				if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
						|| c == '_' || c == '~') {
					url.append(c);
				}
				else {
					url.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
						.append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
				}
			}
		}
		return url.toString();
	}

	/**
	 * The original name with path separators and control characters replaced, cut to a length every S3 server
	 * accepts; the key when there is no usable name.
	 */
	private static String safeName(@Nullable String name, String key) {
		if (name == null) {
			return key;
		}
		StringBuilder safe = new StringBuilder();
		int bytes = 0;
		for (int i = 0; i < name.length(); i += Character.charCount(name.codePointAt(i))) {
			int codePoint = name.codePointAt(i);
			boolean unsafe = codePoint == '/' || codePoint == '\\' || Character.isISOControl(codePoint);
			String replacement = unsafe ? "_" : new String(Character.toChars(codePoint));
			bytes += replacement.getBytes(StandardCharsets.UTF_8).length;
			if (bytes > MAX_NAME_BYTES) {
				break;
			}
			safe.append(replacement);
		}
		String result = safe.toString().strip();
		return (result.isEmpty() || result.equals(".") || result.equals("..")) ? key : result;
	}

}
