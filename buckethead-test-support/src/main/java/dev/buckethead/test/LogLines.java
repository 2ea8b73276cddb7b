package dev.buckethead.test;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads a captured log: which lines belong to events of a level, continuation lines (a multi-line message, a stack
 * trace) included. An event starts with a line that begins with a time stamp, in Spring Boot's default layout
 * ({@code 2026-01-02T03:04:05.678Z  ERROR 123 --- ...}) or the tests' ({@code 03:04:05.678 ERROR [main] ...}).
 */
public final class LogLines {

	private static final Pattern EVENT_START = Pattern
		.compile("^(\\d{4}-\\d\\d-\\d\\dT)?\\d\\d:\\d\\d:\\d\\d[.,]\\d{3}\\S*\\s+(TRACE|DEBUG|INFO|WARN|ERROR)\\b.*");

	private LogLines() {
	}

	/**
	 * The non-blank lines of the events logged at {@code level} (such as {@code "ERROR"}), in order: what a reader
	 * of the log sees of that level.
	 */
	public static List<String> atLevel(String log, String level) {
		List<String> lines = new ArrayList<>();
		boolean inside = false;
		for (String line : log.split("\\R", -1)) {
			var start = EVENT_START.matcher(line);
			if (start.matches()) {
				inside = start.group(2).equals(level);
			}
			if (inside && !line.isBlank()) {
				lines.add(line);
			}
		}
		return lines;
	}

}
