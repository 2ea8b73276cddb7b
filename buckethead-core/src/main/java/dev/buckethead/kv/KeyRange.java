package dev.buckethead.kv;

import org.jspecify.annotations.Nullable;

/**
 * The half-open range {@code [prefix, upperBound)} holding exactly the keys that start with a prefix. A range
 * query uses the primary-key index and, unlike {@code LIKE}, treats {@code %} and {@code _} as ordinary
 * characters.
 * <p>
 * SQLite compares text as UTF-8 bytes, which orders strings by code point, not by Java's UTF-16 {@code char}
 * order. The bound is therefore the prefix with its last code point incremented, skipping the surrogate range,
 * which has no UTF-8 encoding.
 */
final class KeyRange {

	private KeyRange() {
	}

	/**
	 * The smallest string greater than every string that starts with {@code prefix}, or null when there is none
	 * (an empty prefix, or one made only of U+10FFFF).
	 */
	static @Nullable String upperBound(String prefix) {
		int end = prefix.length();
		while (end > 0) {
			int last = prefix.codePointBefore(end);
			int start = end - Character.charCount(last);
			if (last < Character.MAX_CODE_POINT) {
				int next = (last + 1 == Character.MIN_SURROGATE) ? Character.MAX_SURROGATE + 1 : last + 1;
				return new StringBuilder(start + 2).append(prefix, 0, start).appendCodePoint(next).toString();
			}
			end = start;
		}
		return null;
	}

}
