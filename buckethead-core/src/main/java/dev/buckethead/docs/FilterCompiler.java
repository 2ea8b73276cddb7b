package dev.buckethead.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
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
	 * the SQL expression holding each document's JSON text.
	 */
	public SqlFragment compile(JsonNode filter, String bodyColumn) {
		if (!filter.isObject()) {
			throw new InvalidFilterException("A filter must be a JSON object, not " + filter.getNodeType());
		}
		return document(filter, new Scope(bodyColumn, true, new FieldValues.Aliases()));
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
		String sameField = operator.equals("$and") ? null : equalitiesOnOneField(operand);
		if (sameField != null) {
			// {$or: [{f: 1}, {f: 2}, ...]} means {f: {$in: [1, 2, ...]}}, which compiles to one condition
			// instead of one per clause (MongoDB's planner makes the same rewrite).
			ArrayNode values = JsonValues.NODES.arrayNode();
			operand.forEach((clause) -> values.add(clause.get(sameField)));
			SqlFragment in = field(sameField, JsonValues.NODES.objectNode().set("$in", values), scope);
			return operator.equals("$or") ? in : in.not();
		}
		List<SqlFragment> parts = new ArrayList<>();
		for (JsonNode clause : operand) {
			parts.add(document(clause, scope));
		}
		return switch (operator) {
			case "$and" -> SqlFragment.and(parts);
			case "$or" -> SqlFragment.or(parts);
			default -> SqlFragment.or(parts).not();
		};
	}

	/** The field every clause tests for plain equality, when all of them test one field only that way. */
	private static @Nullable String equalitiesOnOneField(JsonNode clauses) {
		String field = null;
		for (JsonNode clause : clauses) {
			if (clause.size() != 1) {
				return null;
			}
			String name = clause.propertyNames().iterator().next();
			if (name.startsWith("$") || (field != null && !field.equals(name))) {
				return null;
			}
			JsonNode value = clause.get(name);
			if (FieldConditions.isOperatorObject(value, JsonPath.parse(name))) {
				return null;
			}
			field = name;
		}
		return field;
	}

	private SqlFragment field(String key, JsonNode condition, Scope scope) {
		JsonPath path = JsonPath.parse(key);
		return new FieldConditions(this, path, scope.valuesAt(path, this.arrayFreePaths), scope)
			.condition(condition);
	}

	/** Where conditions are evaluated: the JSON being filtered and whether known array-free paths apply to it. */
	record Scope(String root, boolean topLevel, FieldValues.Aliases aliases) {

		FieldValues valuesAt(JsonPath path, Set<String> arrayFreePaths) {
			if (this.topLevel && arrayFreePaths.contains(path.dotted())) {
				return FieldValues.Single.direct(this.root, path);
			}
			return new FieldValues.Reachable(this.root, path, this.aliases);
		}

		/**
		 * The scope of a sub-document, such as an array element inside {@code $elemMatch}; {@code root} must be
		 * the document's JSON, or {@code NULL} when the value is not a document.
		 */
		Scope nested(String root) {
			return new Scope(root, false, this.aliases);
		}

	}

}
