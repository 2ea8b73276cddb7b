package dev.buckethead.snapshot;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Pack ids such as {@code 20261121T235141.123Z-9f2c01ab/00003-1a2b3c4d5e6f7a8b}: the generation whose flush
 * wrote the pack, its index in that flush, and 64 random bits drawn once per flush. A pack key is therefore
 * never written by two flushes (not even two writers that drew the same generation id), so an object, once
 * written, is never replaced: a retried PUT rewrites the same bytes, and a reader that found a manifest finds
 * exactly the bytes its offsets describe.
 */
final class PackIds {

	private static final SecureRandom RANDOM = new SecureRandom();

	/** What a manifest read from the bucket may name: two plain segments, nothing that climbs out of the folder. */
	private static final Pattern VALID = Pattern.compile("[0-9A-Za-z_.-]+/[0-9A-Za-z_-][0-9A-Za-z_.-]*");

	private final String generation;

	private final String salt;

	private int next;

	/** The ids of one flush of {@code generation}. */
	PackIds(String generation) {
		byte[] salt = new byte[8];
		RANDOM.nextBytes(salt);
		this.generation = generation;
		this.salt = HexFormat.of().formatHex(salt);
	}

	String next() {
		return generation + "/" + String.format(Locale.ROOT, "%05d", next++) + "-" + salt;
	}

	static boolean isValid(String packId) {
		return VALID.matcher(packId).matches() && !packId.startsWith("..") && !packId.contains("/..");
	}

}
