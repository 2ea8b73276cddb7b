package dev.buckethead.bench.proxy;

import java.util.Locale;
import java.util.Map;

/**
 * How the body of an HTTP/1.1 message ends (RFC 9112 §6.3), decided from its head alone: a pure function, so the
 * proxy that follows a byte stream without changing it knows where the next message starts.
 */
record BodyFraming(Kind kind, long length) {

	enum Kind {
		/** No body: the next message starts right after the head. */
		NONE,
		/** {@code Content-Length} bytes. */
		FIXED,
		/** {@code Transfer-Encoding: chunked}. */
		CHUNKED,
		/** A response without a length: the body runs until the server closes the connection. */
		UNTIL_CLOSE
	}

	static final BodyFraming NONE = new BodyFraming(Kind.NONE, 0);

	/** A request's body: chunked, else {@code Content-Length}, else none. Header names are lower case. */
	static BodyFraming ofRequest(Map<String, String> headers) {
		if (isChunked(headers)) {
			return new BodyFraming(Kind.CHUNKED, -1);
		}
		long length = contentLength(headers);
		return length > 0 ? new BodyFraming(Kind.FIXED, length) : NONE;
	}

	/**
	 * A response's body: none for HEAD, 1xx, 204 and 304, else chunked, else {@code Content-Length}, else until
	 * the connection closes.
	 */
	static BodyFraming ofResponse(String requestMethod, int status, Map<String, String> headers) {
		if ("HEAD".equals(requestMethod) || status / 100 == 1 || status == 204 || status == 304) {
			return NONE;
		}
		if (isChunked(headers)) {
			return new BodyFraming(Kind.CHUNKED, -1);
		}
		String length = headers.get("content-length");
		if (length == null) {
			return new BodyFraming(Kind.UNTIL_CLOSE, -1);
		}
		long n = contentLength(headers);
		return n > 0 ? new BodyFraming(Kind.FIXED, n) : NONE;
	}

	private static boolean isChunked(Map<String, String> headers) {
		String encoding = headers.get("transfer-encoding");
		return encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked");
	}

	private static long contentLength(Map<String, String> headers) {
		String value = headers.get("content-length");
		if (value == null) {
			return 0;
		}
		try {
			return Long.parseLong(value.trim());
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("malformed Content-Length: " + value, ex);
		}
	}

}
