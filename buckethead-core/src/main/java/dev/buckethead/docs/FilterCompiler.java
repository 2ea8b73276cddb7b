package dev.buckethead.docs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * Translates a MongoDB-style filter into an SQL condition over a JSON column. Pure logic with no database, so it
 * can be tested on its own; {@link DocCollection} runs its output.
 * <p>
 * Every value from the filter becomes a bound parameter; field paths are validated by {@link JsonPath} before they
 * reach SQL, and operator names are only ever looked up, never copied into SQL. Conditions on a field range over
 * all values the path reaches through arrays ({@link FieldValues.Reachable}), except for paths the caller knows
 * never cross an array: those read the field directly, in the same expression an index is built on, so SQLite
 * can use the index.
 */
public final class FilterCompiler {

	private static final Set<String> LOGICAL = Set.of("$and", "$or", "$nor");

	private final Set<String> arrayFreePaths;

	/** A compiler that assumes any path may cross an array. */
	public FilterCompiler() {
		this(Set.of());
	}

	/**
	 * A compiler that reads the given dotted paths directly, trusting that no document has an array anywhere along
	 * them.
	 */
	public FilterCompiler(Set<String> arrayFreePaths) {
		this.arrayFreePaths = Set.copyOf(arrayFreePaths);
	}

	/**
	 * Compiles {@code filter} (a JSON object; empty matches everything) into a condition on {@code bodyColumn},
	 * the SQL expression holding each document's JSON text. The filter is checked first against the limits of
	 * {@link JsonInput} (nesting, finite numbers), so that compiling never recurses deeper than they allow.
	 */
	public SqlFragment compile(JsonNode filter, String bodyColumn) {
		JsonInput.check(filter, JsonInput.Kind.FILTER);
		return compileChecked(filter, bodyColumn);
	}

	/** {@link #compile} for a filter that {@link JsonInput} has already checked. */
	SqlFragment compileChecked(JsonNode filter, String bodyColumn) {
		if (!filter.isObject()) {
			throw new InvalidFilterException("A filter must be a JSON object, not " + filter.getNodeType());
		}
		return document(filter, Scope.top(bodyColumn));
	}

	static boolean isLogical(String operator) {
		return LOGICAL.contains(operator);
	}

	SqlFragment document(JsonNode filter, Scope scope) {
		List<SqlFragment> parts = new ArrayList<>();
		for (Map.Entry<String, JsonNode> entry : filter.properties()) {
			String key = entry.getKey();
			parts.add(key.startsWith("$") ? logical(key, entry.getValue(), scope) : field(key, entry.getValue(), scope));
		}
		return SqlFragment.and(parts);
	}

	private SqlFragment logical(String operator, JsonNode operand, Scope scope) {
		if (!LOGICAL.contains(operator)) {
			throw new InvalidFilterException(FieldConditions.isFieldOperator(operator)
					? "Operator " + operator + " must be applied to a field, e.g. {\"age\": {\"" + operator
							+ "\": ...}}, not used at the top level of a filter"
					: "Unknown top-level operator " + operator + "; supported: $and, $or, $nor");
		}
		if (!operand.isArray() || operand.isEmpty()) {
			throw new InvalidFilterException(operator + " needs a non-empty array of filters, got " + operand);
		}
		for (JsonNode clause : operand) {
			if (!clause.isObject()) {
				throw new InvalidFilterException(operator + " needs filter objects as its elements, got " + clause);
			}
		}
		List<SqlFragment> parts = new ArrayList<>();
		if (operator.equals("$and")) {
			operand.forEach((clause) -> parts.add(document(clause, scope)));
		}
		else {
			orClauses(operand, scope, parts);
		}
		return switch (operator) {
			case "$and" -> SqlFragment.and(parts);
			case "$or" -> SqlFragment.or(parts);
			default -> SqlFragment.or(parts).not();
		};
	}

	/**
	 * The clauses of {@code $or} or {@code $nor}. Clauses that test one field for plain equality are gathered per
	 * field into one {@code $in}: {@code {$or: [{f: 1}, {f: 2}, ...]}} means {@code {f: {$in: [1, 2, ...]}}}, which
	 * compiles to one condition with one parameter instead of one condition per clause (MongoDB's planner makes
	 * the same rewrite), so such a list of 10,000 costs what a short one does.
	 */
	private void orClauses(JsonNode clauses, Scope scope, List<SqlFragment> parts) {
		Map<String, ArrayNode> equalities = new LinkedHashMap<>();
		for (JsonNode clause : clauses) {
			String field = (clause.size() == 1) ? clause.propertyNames().iterator().next() : null;
			if (field != null && !field.startsWith("$")
					&& !FieldConditions.isOperatorObject(clause.get(field), JsonPath.parse(field))) {
				equalities.computeIfAbsent(field, (name) -> JsonValues.NODES.arrayNode()).add(clause.get(field));
			}
			else {
				parts.add(document(clause, scope));
			}
		}
		equalities.forEach((field, values) -> parts.add(field(field,
				(values.size() == 1) ? values.get(0) : JsonValues.NODES.objectNode().set("$in", values), scope)));
	}

	private SqlFragment field(String key, JsonNode condition, Scope scope) {
		JsonPath path = JsonPath.parse(key);
		return new FieldConditions(this, path, scope.valuesAt(path, this.arrayFreePaths), scope)
			.condition(condition);
	}

	/**
	 * Where conditions are evaluated: the JSON being filtered, whether known array-free paths apply to it, and how
	 * many {@code $elemMatch} it is inside.
	 */
	record Scope(String root, boolean topLevel, FieldValues.Aliases aliases, int elemMatchDepth) {

		/**
		 * The deepest nesting of {@code $elemMatch}. SQLite limits how deeply sub-selects nest (its expression
		 * depth of 1,000, summed over enclosing expressions), and each {@code $elemMatch} is two sub-selects deep;
		 * beyond this a filter would fail in SQLite rather than here.
		 */
		static final int MAX_ELEM_MATCH_DEPTH = 20;

		static Scope top(String root) {
			return new Scope(root, true, new FieldValues.Aliases(), 0);
		}

		FieldValues valuesAt(JsonPath path, Set<String> arrayFreePaths) {
			if (this.topLevel && arrayFreePaths.contains(path.dotted())) {
				return FieldValues.Single.direct(this.root, path);
			}
			return new FieldValues.Reachable(this.root, path, this.aliases);
		}

		/** The scope inside one more {@code $elemMatch}; element documents set their own root. */
		Scope inElemMatch() {
			if (this.elemMatchDepth >= MAX_ELEM_MATCH_DEPTH) {
				throw new InvalidFilterException("$elemMatch is nested more than " + MAX_ELEM_MATCH_DEPTH
						+ " levels deep; SQLite cannot evaluate deeper nesting");
			}
			return new Scope(this.root, false, this.aliases, this.elemMatchDepth + 1);
		}

	}

}
