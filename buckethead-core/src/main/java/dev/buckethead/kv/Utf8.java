package dev.buckethead.kv;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 for the KvStore. {@code new String(bytes, UTF_8)} and {@code String.getBytes(UTF_8)} both
 * substitute replacement characters for bad input; the store must instead refuse it, so that a value never
 * changes between writing and reading.
 */
final class Utf8 {

	// CharsetDecoder is stateful and not thread-safe: one per thread, reset before each use.
	private static final ThreadLocal<CharsetDecoder> DECODER = ThreadLocal.withInitial(() -> StandardCharsets.UTF_8
		.newDecoder()
		.onMalformedInput(CodingErrorAction.REPORT)
		.onUnmappableCharacter(CodingErrorAction.REPORT));

	private Utf8() {
	}

	/** Decodes {@code bytes}, or throws {@link KvValueNotTextException} naming {@code key}. */
	static String decode(String key, byte[] bytes) {
		ByteBuffer in = ByteBuffer.wrap(bytes);
		try {
			return DECODER.get().reset().decode(in).toString();
		}
		catch (CharacterCodingException ex) {
			// The decoder stops with the input positioned at the malformed sequence.
			throw new KvValueNotTextException(key, in.position(), ex);
		}
	}

	/** The length of {@code text}'s UTF-8 encoding, without encoding it; {@code text} is well-formed UTF-16. */
	static int encodedLength(String text) {
		int length = text.length();
		int bytes = 0;
		for (int i = 0; i < length; i++) {
			char c = text.charAt(i);
			if (c < 0x80) {
				bytes += 1;
			}
			else if (c < 0x800) {
				bytes += 2;
			}
			else if (Character.isHighSurrogate(c)) {
				bytes += 4;
				i++;
			}
			else {
				bytes += 3;
			}
		}
		return bytes;
	}

	/**
	 * The index of the first unpaired surrogate in {@code text}, or -1 if it is well-formed UTF-16 and so has an
	 * exact UTF-8 encoding.
	 */
	static int indexOfUnpairedSurrogate(String text) {
		int length = text.length();
		for (int i = 0; i < length; i++) {
			char c = text.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
				i++;
			}
			else if (Character.isSurrogate(c)) {
				return i;
			}
		}
		return -1;
	}

}
