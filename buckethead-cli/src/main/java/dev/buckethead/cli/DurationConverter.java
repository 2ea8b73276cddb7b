package dev.buckethead.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A duration as people type it: {@code 90s}, {@code 30m}, {@code 1h}, {@code 2d}, {@code 0}, or ISO {@code PT1H}. */
final class DurationConverter implements ITypeConverter<Duration> {

	private static final Pattern SIMPLE = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");

	@Override
	public Duration convert(String value) {
		Matcher matcher = SIMPLE.matcher(value.trim().toLowerCase(Locale.ROOT));
		try {
			if (matcher.matches()) {
				long amount = Long.parseLong(matcher.group(1));
				String unit = matcher.group(2);
				if (unit == null) {
					if (amount != 0) {
						throw invalid(value);
					}
					return Duration.ZERO;
				}
				return switch (unit) {
					case "ms" -> Duration.ofMillis(amount);
					case "s" -> Duration.ofSeconds(amount);
					case "m" -> Duration.ofMinutes(amount);
					case "h" -> Duration.ofHours(amount);
					default -> Duration.ofDays(amount);
				};
			}
			Duration duration = Duration.parse(value.trim());
			if (duration.isNegative()) {
				throw invalid(value);
			}
			return duration;
		}
		catch (DateTimeParseException | ArithmeticException | NumberFormatException ex) {
			throw invalid(value);
		}
	}

	private static TypeConversionException invalid(String value) {
		return new TypeConversionException("'" + value + "' is not a duration; use e.g. 90s, 30m, 1h, 2d or 0");
	}

}
