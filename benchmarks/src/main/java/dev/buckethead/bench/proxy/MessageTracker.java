package dev.buckethead.bench.proxy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Follows one direction of an HTTP/1.1 connection, fed the bytes as they pass, and reports where each message's
 * head and body end. It never changes or holds back a byte: the proxy relays exactly what it read, so both tools
 * see the S3 server as if they talked to it directly. Not thread-safe: one tracker per direction and thread.
 */
final class MessageTracker {

	/** What a tracker reports. */
	interface Listener {

		/** A message's head was read; returns how its body ends. Header names are lower case. */
		BodyFraming onHead(String startLine, Map<String, String> headers);

		/** The message ended: its body's length (chunked: the data, without the chunk framing) and all its bytes. */
		void onEnd(long bodyBytes, long wireBytes);

	}

	private static final int MAX_LINE = 64 * 1024;

	private enum State {
		HEAD, FIXED, CHUNK_SIZE, CHUNK_DATA, CHUNK_DATA_END, TRAILER, UNTIL_CLOSE, BROKEN
	}

	private final Listener listener;

	private final ByteArrayOutputStream line = new ByteArrayOutputStream();

	private State state = State.HEAD;

	private long remaining;

	private long bodyBytes;

	private long wireBytes;

	private String failure;

	MessageTracker(Listener listener) {
		this.listener = listener;
	}

	/** Why the tracker stopped following the stream (malformed HTTP), or null. */
	String failure() {
		return failure;
	}

	void feed(byte[] buffer, int offset, int length) {
		int i = offset;
		int end = offset + length;
		while (i < end && state != State.BROKEN) {
			switch (state) {
				case FIXED, CHUNK_DATA -> {
					int n = (int) Math.min(remaining, end - i);
					i += n;
					remaining -= n;
					bodyBytes += n;
					wireBytes += n;
					if (remaining == 0) {
						if (state == State.FIXED) {
							finish();
						}
						else {
							state = State.CHUNK_DATA_END;
						}
					}
				}
				case UNTIL_CLOSE -> {
					bodyBytes += end - i;
					wireBytes += end - i;
					i = end;
				}
				default -> {
					byte b = buffer[i++];
					wireBytes++;
					if (line.size() >= MAX_LINE) {
						fail("a head or chunk line longer than " + MAX_LINE + " bytes");
						break;
					}
					line.write(b);
					if (b == '\n') {
						lineRead();
					}
				}
			}
		}
	}

	/** The stream ended: a body that runs until the connection closes is complete now. */
	void endOfStream() {
		if (state == State.UNTIL_CLOSE) {
			finish();
		}
	}

	private void lineRead() {
		byte[] bytes = line.toByteArray();
		switch (state) {
			case HEAD -> {
				// A blank line before the start line is tolerated (RFC 9112 §2.2); an empty line ends the head.
				if (isBlank(bytes)) {
					line.reset();
				}
				else if (endsWithBlankLine(bytes)) {
					head(bytes);
				}
			}
			case CHUNK_SIZE -> {
				line.reset();
				String text = new String(bytes, StandardCharsets.ISO_8859_1).trim();
				int semicolon = text.indexOf(';');
				String hex = semicolon >= 0 ? text.substring(0, semicolon).trim() : text;
				try {
					remaining = Long.parseLong(hex, 16);
				}
				catch (NumberFormatException ex) {
					fail("malformed chunk size '" + text + "'");
					return;
				}
				state = remaining == 0 ? State.TRAILER : State.CHUNK_DATA;
			}
			case CHUNK_DATA_END -> {
				line.reset();
				state = State.CHUNK_SIZE;
			}
			case TRAILER -> {
				line.reset();
				if (isBlank(bytes)) {
					finish();
				}
			}
			default -> throw new IllegalStateException(state.name());
		}
	}

	private void head(byte[] bytes) {
		line.reset();
		String[] lines = new String(bytes, StandardCharsets.ISO_8859_1).split("\r?\n");
		Map<String, String> headers = new LinkedHashMap<>();
		for (int i = 1; i < lines.length; i++) {
			int colon = lines[i].indexOf(':');
			if (colon > 0) {
				headers.merge(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
						lines[i].substring(colon + 1).trim(), (a, b) -> a + ", " + b);
			}
		}
		BodyFraming framing;
		try {
			framing = listener.onHead(lines[0], headers);
		}
		catch (IllegalArgumentException ex) {
			fail(ex.getMessage());
			return;
		}
		switch (framing.kind()) {
			case NONE -> finish();
			case FIXED -> {
				remaining = framing.length();
				state = State.FIXED;
			}
			case CHUNKED -> state = State.CHUNK_SIZE;
			case UNTIL_CLOSE -> state = State.UNTIL_CLOSE;
		}
	}

	private void finish() {
		listener.onEnd(bodyBytes, wireBytes);
		bodyBytes = 0;
		wireBytes = 0;
		line.reset();
		state = State.HEAD;
	}

	private void fail(String why) {
		failure = why;
		state = State.BROKEN;
	}

	private static boolean isBlank(byte[] bytes) {
		return (bytes.length == 1 && bytes[0] == '\n') || (bytes.length == 2 && bytes[0] == '\r' && bytes[1] == '\n');
	}

	private static boolean endsWithBlankLine(byte[] bytes) {
		int n = bytes.length;
		return (n >= 4 && bytes[n - 4] == '\r' && bytes[n - 3] == '\n' && bytes[n - 2] == '\r' && bytes[n - 1] == '\n')
				|| (n >= 2 && bytes[n - 2] == '\n' && bytes[n - 1] == '\n');
	}

}
