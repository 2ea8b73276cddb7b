package dev.buckethead.docs;

import java.util.List;
import java.util.function.Function;

/**
 * The values a document holds at one path, as SQL. MongoDB semantics make a condition on a path true when any of
 * those values satisfies it; the compiler writes each condition once, as a predicate over one value's
 * {@link Columns}, and the source decides how to range over the values.
 */
interface FieldValues {

	/** True when some value at the path satisfies {@code predicate}. */
	SqlFragment anyMatch(Function<Columns, SqlFragment> predicate);

	/**
	 * True when the value at the path is an array with an element, the {@code json_each} row {@code element},
	 * that satisfies {@code condition}. One sub-select joins the values with their elements: SQLite counts the
	 * depth of nested sub-selects against its limit of 1,000 as the sum of the enclosing expressions' heights, so
	 * one nesting level fewer per {@code $elemMatch} doubles how deep they can nest.
	 */
	default SqlFragment anyElement(String element, SqlFragment condition) {
		return anyMatch((c) -> condition.wrap("(" + c.whole() + " = 1 AND EXISTS (SELECT 1 FROM json_each("
				+ c.json("'array'") + ") " + element + " WHERE ", "))"));
	}

	/**
	 * The SQL expressions describing one value.
	 *
	 * @param type its {@code json_type} ({@code 'integer'}, {@code 'text'}, ...), SQL {@code NULL} when missing
	 * @param value its SQL value (objects and arrays as JSON text, strings as their raw text, booleans as 1/0)
	 * @param whole 1 when this is the value at the path itself, 0 when it is an element of an array there
	 */
	record Columns(String type, String value, String whole) {

		/**
		 * The value as JSON text when it is of one of {@code jsonTypes} ({@code 'array'}, {@code 'object'}), else SQL
		 * {@code NULL}. Every JSON function the compiler applies to a value goes through this: a string's value is
		 * its raw text, which is not JSON, and SQLite does not promise to skip a function call because a type test
		 * beside it in an {@code AND} is false, so an unguarded {@code json_array_length} fails the whole query
		 * with "malformed JSON" as soon as one document holds a string there.
		 */
		String json(String jsonTypes) {
			return "CASE WHEN " + this.type + " IN (" + jsonTypes + ") THEN " + this.value + " END";
		}

	}

	/**
	 * Exactly one value, read directly: the field of a path known not to cross an array (so that an expression
	 * index on {@code json_extract(body, path)} applies), or one element inside {@code $elemMatch}.
	 */
	record Single(String typeExpression, String valueExpression) implements FieldValues {

		static Single direct(String root, JsonPath path) {
			String literal = path.sqlLiteral();
			return new Single("json_type(" + root + ", " + literal + ")", "json_extract(" + root + ", " + literal + ")");
		}

		@Override
		public SqlFragment anyMatch(Function<Columns, SqlFragment> predicate) {
			return predicate.apply(new Columns(this.typeExpression, this.valueExpression, "1"));
		}

	}

	/**
	 * Every value reachable along a path the MongoDB way: a segment applied to an array applies to each of its
	 * object elements (or, when numeric, indexes it); the final value counts itself and, when it is an array, each
	 * element. Missing fields stay in the set as a row whose type is {@code NULL}, so that {@code null} can match
	 * them.
	 * <p>
	 * Built from one sub-select per segment over {@code json_each}, each reading the previous one's column
	 * {@code j} several times. Each sub-select after the first ends in {@code LIMIT -1 OFFSET 0}, which changes no
	 * result but stops SQLite's query flattener from merging it into the next one: flattening substitutes the
	 * expression behind {@code j} for every reference to it, so the prepared statement grew about fivefold per
	 * segment (15 segments took 36 s and 1.7 GB to prepare). With the barrier, SQL text, prepared statement and
	 * run time are all linear in the number of segments, and deep paths run faster than flattened ones did.
	 *
	 * @param root SQL for the JSON object the path starts from, or {@code NULL} when there is none
	 */
	record Reachable(String root, JsonPath path, Aliases aliases) implements FieldValues {

		private static final String NO_FLATTENING = " LIMIT -1 OFFSET 0";

		@Override
		public SqlFragment anyMatch(Function<Columns, SqlFragment> predicate) {
			String alias = this.aliases.next("c");
			SqlFragment condition = predicate.apply(new Columns(alias + ".t", alias + ".v", alias + ".w"));
			return condition.wrap("EXISTS (SELECT 1 FROM (" + valuesSql() + ") " + alias + " WHERE ", ")");
		}

		@Override
		public SqlFragment anyElement(String element, SqlFragment condition) {
			String alias = this.aliases.next("c");
			Columns c = new Columns(alias + ".t", alias + ".v", alias + ".w");
			return condition.wrap("EXISTS (SELECT 1 FROM (" + valuesSql() + ") " + alias + ", json_each(CASE WHEN "
					+ c.whole() + " = 1 AND " + c.type() + " = 'array' THEN " + c.value() + " END) " + element
					+ " WHERE ", ")");
		}

		String valuesSql() {
			List<String> segments = this.path.segments();
			// The root is an object (or NULL), so the first segment is always a plain key.
			String current = "SELECT " + this.root + " -> " + JsonPath.quote(JsonPath.keyPath(segments.get(0))) + " AS j";
			for (String segment : segments.subList(1, segments.size())) {
				current = step(current, segment) + NO_FLATTENING;
			}
			String self = this.aliases.next("p");
			String outer = this.aliases.next("p");
			String element = this.aliases.next("e");
			return "SELECT json_type(" + self + ".j) AS t, " + self + ".j ->> '$' AS v, 1 AS w FROM (" + current + ") "
					+ self + " UNION ALL SELECT " + element + ".type, " + element + ".value, 0 FROM (" + current + ") "
					+ outer + ", json_each(" + outer + ".j) " + element + " WHERE json_type(" + outer
					+ ".j) = 'array'";
		}

		private String step(String previous, String segment) {
			String p = this.aliases.next("p");
			String key = JsonPath.quote(JsonPath.keyPath(segment));
			String ofObject = p + ".j -> " + key;
			if (JsonPath.isArrayIndex(segment)) {
				String ofArray = p + ".j -> " + JsonPath.quote("$[" + segment + "]");
				return "SELECT CASE json_type(" + p + ".j) WHEN 'object' THEN " + ofObject + " WHEN 'array' THEN "
						+ ofArray + " END AS j FROM (" + previous + ") " + p;
			}
			String e = this.aliases.next("e");
			return "SELECT CASE json_type(" + p + ".j) WHEN 'object' THEN " + ofObject + " WHEN 'array' THEN (CASE "
					+ e + ".type WHEN 'object' THEN " + e + ".value END) -> " + key + " END AS j FROM (" + previous + ") " + p + " LEFT JOIN json_each(CASE json_type("
					+ p + ".j) WHEN 'array' THEN " + p + ".j END) " + e + " WHERE json_type(" + p + ".j) IS NOT 'array' OR "
					+ e + ".type = 'object'";
		}

	}

	/** Unique table aliases within one compiled filter, so that nested sub-selects never shadow each other. */
	final class Aliases {

		private int next;

		String next(String prefix) {
			return prefix + (this.next++);
		}

	}

}
