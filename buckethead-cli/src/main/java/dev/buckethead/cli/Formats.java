package dev.buckethead.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** How sizes and times read in text output (JSON carries the exact numbers and ISO-8601 instants). */
final class Formats {

	private static final String[] UNITS = { "KiB", "MiB", "GiB", "TiB" };

	private Formats() {
	}

	/** {@code 512 B}, {@code 1.5 KiB}, {@code 12.0 MiB}. */
	static String bytes(long bytes) {
		if (bytes < 1024) {
			return bytes + " B";
		}
		double value = bytes;
		int unit = -1;
		while (value >= 1024 && unit < UNITS.length - 1) {
			value /= 1024;
			unit++;
		}
		return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
	}

	/** {@code 1 file}, {@code 0 files}, {@code 2 files}: a count with its noun, singular for one. */
	static String count(long count, String singular) {
		return count + " " + (count == 1 ? singular : singular + "s");
	}

	/** {@code 0s}, {@code 30m}, {@code 1h30m}: the ISO form without its {@code PT}, in lower case. */
	static String duration(Duration duration) {
		return duration.toString().substring(2).toLowerCase(Locale.ROOT);
	}

	/** An instant to the second, in UTC: {@code 2026-11-21T23:51:41Z}. */
	static String time(Instant instant) {
		return instant.truncatedTo(ChronoUnit.SECONDS).toString();
	}

}
