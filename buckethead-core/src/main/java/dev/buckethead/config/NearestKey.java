package dev.buckethead.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * Names the known key nearest to a misspelt one, for the warnings about keys BucketHead does not know: the
 * {@code BUCKETHEAD_*} variables here, the {@code buckethead.*} Spring properties in the auto-configuration.
 * Nearest is the fewest single-character edits, ignoring case; a tie goes to the key first in {@code known}'s order.
 */
public final class NearestKey {

	private NearestKey() {
	}

	/** The known key nearest to {@code unknown}, or empty if there are none. */
	public static Optional<String> nearest(String unknown, Collection<String> known) {
		String target = unknown.toLowerCase(Locale.ROOT);
		String best = null;
		int bestDistance = Integer.MAX_VALUE;
		for (String candidate : known) {
			int distance = distance(target, candidate.toLowerCase(Locale.ROOT));
			if (distance < bestDistance) {
				best = candidate;
				bestDistance = distance;
			}
		}
		return Optional.ofNullable(best);
	}

	/** {@code "a (did you mean b?), c (did you mean d?)"}: each unknown key with its nearest known one. */
	public static String describe(Collection<String> unknown, Collection<String> known) {
		StringJoiner joiner = new StringJoiner(", ");
		for (String key : unknown) {
			joiner.add(key + nearest(key, known).map((match) -> " (did you mean " + match + "?)").orElse(""));
		}
		return joiner.toString();
	}

	/** Levenshtein distance, two rows at a time. */
	static int distance(String a, String b) {
		int[] previous = new int[b.length() + 1];
		int[] current = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) {
			previous[j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			current[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				int substitution = previous[j - 1] + ((a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1);
				current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[b.length()];
	}

}
