package dev.buckethead.snapshot;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;

/**
 * Generation ids such as {@code 20261121T235141.123Z-9f2c01ab}: they sort by creation time as plain strings,
 * say when they were made, and a random suffix keeps two writers in the same millisecond apart.
 */
public final class GenerationIds {

	private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'")
		.withZone(ZoneOffset.UTC);

	private static final SecureRandom RANDOM = new SecureRandom();

	private GenerationIds() {
	}

	public static String next(Instant now) {
		byte[] suffix = new byte[4];
		RANDOM.nextBytes(suffix);
		return FORMAT.format(now) + "-" + HexFormat.of().formatHex(suffix);
	}

	/** When a generation was created, read from its id. */
	public static Instant createdAt(String generation) {
		int dash = generation.indexOf('-');
		try {
			return FORMAT.parse(dash < 0 ? generation : generation.substring(0, dash), Instant::from);
		}
		catch (DateTimeParseException ex) {
			throw new IllegalArgumentException("'" + generation + "' is not a BucketHead generation id", ex);
		}
	}

	public static boolean isValid(String generation) {
		return generation.matches("\\d{8}T\\d{6}\\.\\d{3}Z-[0-9a-f]{8}");
	}

}
