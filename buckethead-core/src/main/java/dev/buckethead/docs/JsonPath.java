package dev.buckethead.docs;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A validated dotted field path ({@code address.city}, {@code tags.0}) and its SQLite JSON path literal.
 * <p>
 * Index expressions must repeat the exact SQL of the queries that use them, and SQLite does not allow bound
 * parameters in an index, so paths are embedded in SQL as literals. That is safe only because every segment is
 * checked here: segments are quoted ({@code $."a"."b"}), and characters SQLite's path syntax cannot escape
 * ({@code "}, {@code \}, control characters) are rejected, as are segments starting with {@code $} so that a field
 * can never be mistaken for an operator. Single quotes are doubled when the path is written as an SQL string.
 * A path has at most 1,024 characters and {@value #MAX_SEGMENTS} segments.
 */
public final class JsonPath {

	private static final int MAX_LENGTH = 1024;

	/**
	 * The most segments a path may have. Documents nest at most {@link JsonInput#MAX_DEPTH} levels, so a longer
	 * path could only ever reach missing fields; refusing it keeps every filter's cost bounded by its text.
	 */
	static final int MAX_SEGMENTS = 100;

	private static final Pattern ARRAY_INDEX = Pattern.compile("0|[1-9][0-9]{0,8}");

	private final String dotted;

	private final List<String> segments;

	private JsonPath(String dotted, List<String> segments) {
		this.dotted = dotted;
		this.segments = segments;
	}

	/** Parses and validates a dotted path. */
	public static JsonPath parse(String dotted) {
		if (dotted.isEmpty()) {
			throw new InvalidPathException("A field path must not be empty");
		}
		if (dotted.length() > MAX_LENGTH) {
			throw new InvalidPathException("Field path '" + abbreviate(dotted) + "' is longer than " + MAX_LENGTH
					+ " characters");
		}
		List<String> segments = Arrays.asList(dotted.split("\\.", -1));
		if (segments.size() > MAX_SEGMENTS) {
			throw new InvalidPathException("Field path '" + abbreviate(dotted) + "' has " + segments.size()
					+ " segments; at most " + MAX_SEGMENTS + " are allowed, as documents nest at most "
					+ JsonInput.MAX_DEPTH + " levels deep");
		}
		for (String segment : segments) {
			validate(dotted, segment);
		}
		return new JsonPath(dotted, List.copyOf(segments));
	}

	private static void validate(String dotted, String segment) {
		if (segment.isEmpty()) {
			throw new InvalidPathException("Field path '" + dotted + "' has an empty segment");
		}
		if (segment.startsWith("$")) {
			throw new InvalidPathException("Field path '" + dotted + "' has a segment starting with '$' ('" + segment
					+ "'); operators are not field names");
		}
		for (int i = 0; i < segment.length(); i++) {
			char c = segment.charAt(i);
			if (c == '"' || c == '\\' || Character.isISOControl(c)) {
				throw new InvalidPathException("Field path '" + dotted.replaceAll("\\p{Cntrl}", "?")
						+ "' contains a character that cannot be used in a field path (double quote, backslash or"
						+ " control character)");
			}
		}
	}

	private static String abbreviate(String text) {
		return text.substring(0, 40) + "...";
	}

	public List<String> segments() {
		return this.segments;
	}

	public String dotted() {
		return this.dotted;
	}

	/** The top-level field this path starts with. */
	public String head() {
		return this.segments.get(0);
	}

	/** Whether {@code segment} can index an array ({@code tags.0}). */
	static boolean isArrayIndex(String segment) {
		return ARRAY_INDEX.matcher(segment).matches();
	}

	/** The SQLite JSON path for one object key: {@code $."key"}. */
	static String keyPath(String segment) {
		return "$.\"" + segment + "\"";
	}

	/**
	 * The SQLite JSON path following object keys only ({@code $."a"."0"}), as an SQL string literal with quotes
	 * doubled. This is the expression indexes are built on.
	 */
	public String sqlLiteral() {
		StringBuilder path = new StringBuilder("$");
		for (String segment : this.segments) {
			path.append(".\"").append(segment).append('"');
		}
		return quote(path.toString());
	}

	/** An SQL string literal for a JSON path made of already validated segments. */
	static String quote(String jsonPath) {
		return "'" + jsonPath.replace("'", "''") + "'";
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof JsonPath that && this.dotted.equals(that.dotted);
	}

	@Override
	public int hashCode() {
		return this.dotted.hashCode();
	}

	@Override
	public String toString() {
		return this.dotted;
	}

}
