package dev.buckethead.docs;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.regex.Pattern;

import org.sqlite.Function;

/**
 * The SQL function {@code bh_regexp(pattern, flags, text)} behind {@code $regex}: true when {@code text} contains
 * a match for the Java regular expression {@code pattern}. Evaluating the regex inside SQLite, rather than
 * filtering rows in Java afterwards, keeps {@code skip}, {@code limit} and {@code count} exact.
 * <p>
 * SQL functions are registered per connection, and views get one connection per thread, so {@link #register}
 * remembers the connections it has seen (weakly, so closed connections are forgotten) and registers each once.
 * Flags follow MongoDB's {@code $options}: {@code i} case-insensitive, {@code m} multi-line anchors, {@code s} dot
 * matches newlines, {@code x} extended (whitespace and comments ignored).
 */
final class RegexFunction extends Function {

	static final String NAME = "bh_regexp";

	private static final Map<Connection, Boolean> registered = Collections.synchronizedMap(new WeakHashMap<>());

	private static final int CACHED_PATTERNS = 64;

	// Each connection has its own instance and SQLite calls it on that connection's thread only.
	private final Map<String, Pattern> patterns = new LinkedHashMap<>(16, 0.75f, true) {

		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Pattern> eldest) {
			return size() > CACHED_PATTERNS;
		}

	};

	private RegexFunction() {
	}

	/** Makes {@code bh_regexp} available on {@code connection}, once. */
	static void register(Connection connection) throws SQLException {
		if (registered.containsKey(connection)) {
			return;
		}
		// Engine connections are gated wrappers; SQLite functions must be registered on the driver's own.
		Function.create(connection.unwrap(org.sqlite.SQLiteConnection.class), NAME, new RegexFunction(), 3,
				Function.FLAG_DETERMINISTIC);
		registered.put(connection, Boolean.TRUE);
	}

	/**
	 * Compiles {@code pattern} with MongoDB-style {@code flags}.
	 * @throws IllegalArgumentException if the pattern or a flag is invalid
	 */
	static Pattern compile(String pattern, String flags) {
		int javaFlags = 0;
		for (char flag : flags.toCharArray()) {
			javaFlags |= switch (flag) {
				case 'i' -> Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
				case 'm' -> Pattern.MULTILINE;
				case 's' -> Pattern.DOTALL;
				case 'x' -> Pattern.COMMENTS;
				default -> throw new IllegalArgumentException("unknown option '" + flag + "'; supported: i, m, s, x");
			};
		}
		return Pattern.compile(pattern, javaFlags);
	}

	/**
	 * The MongoDB-style flags of a Java pattern, for filters that pass a {@link Pattern}.
	 * @throws IllegalArgumentException if the pattern has a flag MongoDB's options cannot express
	 */
	static String options(Pattern pattern) {
		int flags = pattern.flags() & ~Pattern.UNICODE_CASE;
		StringBuilder options = new StringBuilder();
		int[] javaFlags = { Pattern.CASE_INSENSITIVE, Pattern.MULTILINE, Pattern.DOTALL, Pattern.COMMENTS };
		String letters = "imsx";
		for (int i = 0; i < javaFlags.length; i++) {
			if ((flags & javaFlags[i]) != 0) {
				options.append(letters.charAt(i));
				flags &= ~javaFlags[i];
			}
		}
		if (flags != 0) {
			throw new IllegalArgumentException("pattern /" + pattern.pattern() + "/ has flags other than"
					+ " CASE_INSENSITIVE, MULTILINE, DOTALL and COMMENTS, which $options cannot express");
		}
		return options.toString();
	}

	@Override
	protected void xFunc() throws SQLException {
		String text = value_text(2);
		if (text == null) {
			result(0);
			return;
		}
		String pattern = value_text(0);
		String flags = value_text(1);
		try {
			Pattern compiled = this.patterns.computeIfAbsent(flags + "/" + pattern, (key) -> compile(pattern, flags));
			result(compiled.matcher(text).find() ? 1 : 0);
		}
		catch (IllegalArgumentException ex) {
			error("Invalid regular expression for " + NAME + ": " + ex.getMessage());
		}
	}

}
