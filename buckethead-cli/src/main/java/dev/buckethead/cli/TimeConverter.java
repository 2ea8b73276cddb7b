package dev.buckethead.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --as-of}: an ISO-8601 time with its zone ({@code 2026-11-21T23:51:41Z},
 * {@code 2026-11-22T00:51:41+01:00}) or a date, meaning its end in UTC. A time without a zone is refused:
 * guessing the zone would restore the wrong generation.
 */
final class TimeConverter implements ITypeConverter<Instant> {

	@Override
	public Instant convert(String value) {
		try {
			return OffsetDateTime.parse(value).toInstant();
		}
		catch (DateTimeParseException ex) {
			// Try a date next.
		}
		try {
			return LocalDate.parse(value).plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).minusMillis(1);
		}
		catch (DateTimeParseException ex) {
			throw new TypeConversionException("'" + value + "' is not a time; use ISO-8601 with a zone, such as "
					+ "2026-11-21T23:51:41Z, or a date such as 2026-11-21 (its end, UTC)");
		}
	}

}
