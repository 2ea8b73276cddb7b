package dev.buckethead.docs;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Paths taken so far by an update or an upsert's equalities, refusing one that overlaps a taken one: the same
 * path, a part of it ({@code a} after {@code a.b}) or a path inside it ({@code a.b} after {@code a}). Costs one
 * lookup per segment, so an update of 10,000 fields is checked in linear time.
 */
final class PathClaims {

	private final Set<String> taken = new HashSet<>();

	/** Every proper prefix of a taken path, with one taken path that has it. */
	private final Map<String, String> parents = new HashMap<>();

	/** Takes {@code path}; returns the taken path it overlaps instead, if any. */
	@Nullable String claim(JsonPath path) {
		List<String> segments = path.segments();
		String dotted = path.dotted();
		if (this.taken.contains(dotted)) {
			return dotted;
		}
		if (this.parents.containsKey(dotted)) {
			return this.parents.get(dotted);
		}
		StringBuilder prefix = new StringBuilder();
		for (int i = 0; i < segments.size() - 1; i++) {
			prefix.append((i > 0) ? "." : "").append(segments.get(i));
			if (this.taken.contains(prefix.toString())) {
				return prefix.toString();
			}
		}
		this.taken.add(dotted);
		prefix.setLength(0);
		for (int i = 0; i < segments.size() - 1; i++) {
			prefix.append((i > 0) ? "." : "").append(segments.get(i));
			this.parents.putIfAbsent(prefix.toString(), dotted);
		}
		return null;
	}

}
