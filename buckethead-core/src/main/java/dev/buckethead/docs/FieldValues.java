package dev.buckethead.docs;

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
	 * The SQL expressions describing one value.
	 *
	 * @param type its {@code json_type} ({@code 'integer'}, {@code 'text'}, ...), SQL {@code NULL} when missing
	 * @param value its SQL value (objects and arrays as JSON text, booleans as 1/0)
	 * @param whole 1 when this is the value at the path itself, 0 when it is an element of an array there
	 */
	record Columns(String type, String value, String whole) {
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
	 * them. Built from nested sub-selects over {@code json_each}, linear in the path length.
	 */
	record Reachable(String root, JsonPath path, Aliases aliases) implements FieldValues {

		@Override
		public SqlFragment anyMatch(Function<Columns, SqlFragment> predicate) {
			String alias = this.aliases.next("c");
			SqlFragment condition = predicate.apply(new Columns(alias + ".t", alias + ".v", alias + ".w"));
			return condition.wrap("EXISTS (SELECT 1 FROM (" + valuesSql() + ") " + alias + " WHERE ", ")");
		}

		private String valuesSql() {
			String current = "SELECT " + this.root + " AS j";
			for (String segment : this.path.segments()) {
				current = step(current, segment);
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
			return "SELECT CASE json_type(" + p + ".j) WHEN 'object' THEN " + ofObject + " WHEN 'array' THEN " + e
					+ ".value -> " + key + " END AS j FROM (" + previous + ") " + p + " LEFT JOIN json_each(CASE json_type("
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
