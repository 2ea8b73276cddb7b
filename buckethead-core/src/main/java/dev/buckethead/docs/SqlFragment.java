package dev.buckethead.docs;

import java.util.ArrayList;
import java.util.List;

/**
 * A piece of SQL and the values for its {@code ?} placeholders, in order. Filters compile to fragments so that
 * every value a caller supplies reaches SQLite as a bound parameter, never as SQL text.
 *
 * @param sql the SQL text, with one {@code ?} per parameter
 * @param params the parameter values: {@link String}, {@link Long}, {@link Double} or {@link Integer}
 */
public record SqlFragment(String sql, List<Object> params) {

	static final SqlFragment TRUE = new SqlFragment("1", List.of());

	static final SqlFragment FALSE = new SqlFragment("0", List.of());

	public SqlFragment {
		params = List.copyOf(params);
	}

	static SqlFragment of(String sql, Object... params) {
		return new SqlFragment(sql, List.of(params));
	}

	/**
	 * Joins fragments with {@code AND} or {@code OR}; an empty list gives {@code empty}. The terms are grouped as a
	 * balanced tree, {@code ((a OR b) OR (c OR d))}: SQLite parses a flat chain as one nested term per operator
	 * and refuses expressions nested more than 1,000 deep, while a balanced tree of 10,000 terms is 14 deep.
	 */
	static SqlFragment join(List<SqlFragment> parts, String operator, SqlFragment empty) {
		if (parts.isEmpty()) {
			return empty;
		}
		if (parts.size() == 1) {
			return parts.get(0);
		}
		StringBuilder sql = new StringBuilder();
		List<Object> params = new ArrayList<>();
		balanced(parts, 0, parts.size(), " " + operator + " ", sql, params);
		return new SqlFragment(sql.toString(), params);
	}

	private static void balanced(List<SqlFragment> parts, int from, int to, String operator, StringBuilder sql,
			List<Object> params) {
		if (to - from == 1) {
			sql.append(parts.get(from).sql());
			params.addAll(parts.get(from).params());
			return;
		}
		int middle = (from + to) >>> 1;
		sql.append('(');
		balanced(parts, from, middle, operator, sql, params);
		sql.append(operator);
		balanced(parts, middle, to, operator, sql, params);
		sql.append(')');
	}

	static SqlFragment and(List<SqlFragment> parts) {
		return join(parts, "AND", TRUE);
	}

	static SqlFragment or(List<SqlFragment> parts) {
		return join(parts, "OR", FALSE);
	}

	/**
	 * Negation where an SQL {@code NULL} counts as false: {@code NOT} alone would turn an unknown into another
	 * unknown and drop documents whose field is missing, which {@code $ne} and {@code $nin} must keep.
	 */
	SqlFragment not() {
		return new SqlFragment("((" + this.sql + ") IS NOT TRUE)", this.params);
	}

	/** Wraps this fragment as {@code prefix + sql + suffix}, keeping the parameters. */
	SqlFragment wrap(String prefix, String suffix) {
		return new SqlFragment(prefix + this.sql + suffix, this.params);
	}

}
