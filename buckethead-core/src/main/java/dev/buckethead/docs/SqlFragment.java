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

	/** Joins fragments with {@code AND} or {@code OR}, parenthesised; an empty list gives {@code empty}. */
	static SqlFragment join(List<SqlFragment> parts, String operator, SqlFragment empty) {
		if (parts.isEmpty()) {
			return empty;
		}
		if (parts.size() == 1) {
			return parts.get(0);
		}
		StringBuilder sql = new StringBuilder("(");
		List<Object> params = new ArrayList<>();
		for (SqlFragment part : parts) {
			if (sql.length() > 1) {
				sql.append(' ').append(operator).append(' ');
			}
			sql.append(part.sql());
			params.addAll(part.params());
		}
		return new SqlFragment(sql.append(')').toString(), params);
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
