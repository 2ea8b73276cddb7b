package dev.buckethead.docs;

import java.util.List;
import java.util.Set;

/**
 * The {@code ORDER BY} terms for sort keys, in MongoDB's order: per key a type rank (empty array -1, null or
 * missing 0, numbers 1, strings 2, objects 3, arrays 4, booleans 5), then the value.
 * <p>
 * A key is the smallest (ascending) or largest (descending) of the values the path reaches, where an array counts
 * through its elements, as MongoDB sorts arrays. That needs a sub-select over the reachable values
 * ({@link FieldValues.Reachable}); a path known to be free of arrays (an index says so) reads the field directly.
 */
final class SortTerms {

	private SortTerms() {
	}

	/** Terms for {@code keys} over the documents in {@code root}, each followed by ", ". */
	static String orderBy(List<FindOptions.SortKey> keys, String root, Set<String> arrayFreePaths) {
		StringBuilder sql = new StringBuilder();
		FieldValues.Aliases aliases = new FieldValues.Aliases();
		for (FindOptions.SortKey key : keys) {
			String direction = key.ascending() ? " ASC" : " DESC";
			if (arrayFreePaths.contains(key.path().dotted())) {
				String literal = key.path().sqlLiteral();
				sql.append(rank("json_type(" + root + ", " + literal + ")")).append(direction).append(", json_extract(")
					.append(root).append(", ").append(literal).append(')').append(direction).append(", ");
				continue;
			}
			String candidates = candidates(new FieldValues.Reachable(root, key.path(), aliases), aliases);
			String s = aliases.next("s");
			String pick = " FROM (" + candidates + ") " + s + " ORDER BY " + s + ".r" + direction + ", " + s + ".v"
					+ direction + " LIMIT 1)";
			sql.append("coalesce((SELECT ").append(s).append(".r").append(pick).append(", 0)").append(direction)
				.append(", (SELECT ").append(s).append(".v").append(pick).append(direction).append(", ");
		}
		return sql.toString();
	}

	private static String rank(String type) {
		return "CASE WHEN " + type + " IS NULL OR " + type + " = 'null' THEN 0 WHEN " + type
				+ " IN ('integer', 'real') THEN 1 WHEN " + type + " = 'text' THEN 2 WHEN " + type + " = 'object' THEN 3"
				+ " WHEN " + type + " = 'array' THEN 4 ELSE 5 END";
	}

	/**
	 * The values a key is chosen from, ranked: a non-empty array at the path stands for its elements only, an
	 * empty one for itself, below null (MongoDB manual, "Comparison/Sort Order", arrays).
	 */
	private static String candidates(FieldValues.Reachable values, FieldValues.Aliases aliases) {
		String c = aliases.next("c");
		return "SELECT * FROM (SELECT CASE WHEN " + c + ".w = 1 AND " + c + ".t = 'array' THEN (CASE WHEN"
				+ " json_array_length(" + c + ".v) = 0 THEN -1 END) ELSE " + rank(c + ".t") + " END AS r, " + c
				+ ".v AS v FROM (" + values.valuesSql() + ") " + c + ") WHERE r IS NOT NULL";
	}

}
