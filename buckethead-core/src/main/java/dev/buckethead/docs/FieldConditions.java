package dev.buckethead.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.JsonNode;

import dev.buckethead.docs.FieldValues.Columns;

/**
 * Compiles the condition on one field ({@code {"$gt": 5, "$lt": 9}}, or a plain value for equality) into SQL over
 * the values at that field. Comparison rules follow MongoDB: numbers compare with numbers whatever their
 * representation, strings with strings, booleans with booleans, and values of different types never match.
 */
final class FieldConditions {

	private static final Set<String> OPERATORS = Set.of("$eq", "$ne", "$gt", "$gte", "$lt", "$lte", "$in", "$nin",
			"$exists", "$type", "$size", "$all", "$elemMatch", "$regex", "$options", "$not");

	private static final Map<String, String> COMPARISONS = Map.of("$gt", ">", "$gte", ">=", "$lt", "<", "$lte", "<=");

	private static final Map<String, String> TYPE_NAMES = Map.of("string", "'text'", "number", "'integer', 'real'",
			"int", "'integer'", "long", "'integer'", "double", "'real'", "object", "'object'", "array", "'array'", "bool",
			"'true', 'false'", "boolean", "'true', 'false'", "null", "'null'");

	private final FilterCompiler compiler;

	private final JsonPath path;

	private final FieldValues values;

	private final FilterCompiler.Scope scope;

	FieldConditions(FilterCompiler compiler, JsonPath path, FieldValues values, FilterCompiler.Scope scope) {
		this.compiler = compiler;
		this.path = path;
		this.values = values;
		this.scope = scope;
	}

	static boolean isFieldOperator(String name) {
		return OPERATORS.contains(name);
	}

	/** A field's condition: an operator object, or any other value meaning equality. */
	SqlFragment condition(JsonNode condition) {
		if (!isOperatorObject(condition)) {
			return equal(condition);
		}
		List<SqlFragment> parts = new ArrayList<>();
		for (Map.Entry<String, JsonNode> entry : condition.properties()) {
			String operator = entry.getKey();
			if (operator.equals("$options")) {
				if (!condition.has("$regex")) {
					throw invalid("$options", "is only allowed next to $regex");
				}
				continue;
			}
			parts.add(operator(operator, entry.getValue(), condition));
		}
		return SqlFragment.and(parts);
	}

	private boolean isOperatorObject(JsonNode condition) {
		if (!condition.isObject() || condition.isEmpty()) {
			return false;
		}
		int operators = 0;
		for (String name : condition.propertyNames()) {
			if (name.startsWith("$")) {
				operators++;
			}
		}
		if (operators != 0 && operators != condition.size()) {
			throw new InvalidFilterException("The condition on '" + this.path
					+ "' mixes operators and field names; use either {\"$op\": value} or a document to compare with");
		}
		return operators != 0;
	}

	private SqlFragment operator(String operator, JsonNode operand, JsonNode condition) {
		return switch (operator) {
			case "$eq" -> equal(operand);
			case "$ne" -> equal(operand).not();
			case "$gt", "$gte", "$lt", "$lte" -> compare(operator, operand);
			case "$in" -> in(operand, "$in");
			case "$nin" -> in(operand, "$nin").not();
			case "$exists" -> exists(operand);
			case "$type" -> type(operand);
			case "$size" -> size(operand);
			case "$all" -> all(operand);
			case "$elemMatch" -> elemMatch(operand);
			case "$regex" -> regex(operand, condition.get("$options"));
			case "$not" -> not(operand);
			default -> throw invalid(operator, "is not a supported operator; supported: " + String.join(", ",
					OPERATORS.stream().sorted().toList()));
		};
	}

	private SqlFragment equal(JsonNode value) {
		if (value.isNull()) {
			return isNullOrMissing();
		}
		return this.values.anyMatch((c) -> equalTo(c, value));
	}

	/**
	 * {@code {f: null}} matches an explicit null, a missing field, and a path that reaches no value at all (an
	 * array with no object elements on the way).
	 */
	private SqlFragment isNullOrMissing() {
		SqlFragment nullOrMissing = this.values.anyMatch((c) -> SqlFragment.of("(" + c.type() + " IS NULL OR "
				+ c.type() + " = 'null')"));
		SqlFragment anyPresent = this.values.anyMatch((c) -> SqlFragment.of(c.type() + " IS NOT NULL"));
		return SqlFragment.or(List.of(nullOrMissing, anyPresent.not()));
	}

	private SqlFragment equalTo(Columns c, JsonNode value) {
		if (value.isNumber()) {
			return SqlFragment.of("(" + c.type() + " IN ('integer', 'real') AND " + c.value() + " = ?)", number(value));
		}
		if (value.isString()) {
			return SqlFragment.of("(" + c.type() + " = 'text' AND " + c.value() + " = ?)", value.stringValue());
		}
		if (value.isBoolean()) {
			return SqlFragment.of(c.type() + " = " + (value.booleanValue() ? "'true'" : "'false'"));
		}
		if (value.isContainer()) {
			String type = value.isArray() ? "'array'" : "'object'";
			// json() only sees containers: SQLite may evaluate both sides of AND, and a plain string is not JSON.
			return SqlFragment.of("(CASE WHEN " + c.type() + " = " + type + " THEN json(" + c.value()
					+ ") END = json(?))", value.toString());
		}
		throw invalid("$eq", "cannot compare with " + value.getNodeType() + " value " + value);
	}

	/**
	 * An ordering comparison. Besides the type check, the value is bracketed within its SQLite storage class
	 * (numbers sort before all text, text before all blobs): redundant for correctness, but it gives the query
	 * planner a bounded range, which is what makes it choose an expression index over scanning the collection.
	 */
	private SqlFragment compare(String operator, JsonNode value) {
		if (value.isNull()) {
			return (operator.equals("$gte") || operator.equals("$lte")) ? isNullOrMissing() : SqlFragment.FALSE;
		}
		boolean upward = operator.startsWith("$gt");
		if (value.isNumber()) {
			return ordered(operator, "'integer', 'real'", upward ? "< ''" : ">= -9e999", number(value));
		}
		if (value.isString()) {
			return ordered(operator, "'text'", upward ? "< x''" : ">= ''", value.stringValue());
		}
		if (value.isBoolean()) {
			return ordered(operator, "'true', 'false'", upward ? "< ''" : ">= -9e999", value.booleanValue() ? 1 : 0);
		}
		throw invalid(operator, "needs a number, string, boolean or null, got " + value);
	}

	private SqlFragment ordered(String operator, String types, String bracket, Object param) {
		String sql = COMPARISONS.get(operator);
		return this.values.anyMatch((c) -> SqlFragment.of("(" + c.type() + " IN (" + types + ") AND " + c.value()
				+ " " + sql + " ? AND " + c.value() + " " + bracket + ")", param));
	}

	private SqlFragment in(JsonNode operand, String operator) {
		if (!operand.isArray()) {
			throw invalid(operator, "needs an array, got " + operand);
		}
		List<SqlFragment> parts = new ArrayList<>();
		for (JsonNode value : operand) {
			if (isOperatorObject(value)) {
				throw invalid(operator, "takes values, not operator objects like " + value);
			}
			parts.add(equal(value));
		}
		return SqlFragment.or(parts);
	}

	private SqlFragment exists(JsonNode operand) {
		if (!operand.isBoolean() && !operand.isNumber()) {
			throw invalid("$exists", "needs true or false, got " + operand);
		}
		SqlFragment present = this.values.anyMatch((c) -> SqlFragment.of(c.type() + " IS NOT NULL"));
		boolean wanted = operand.isBoolean() ? operand.booleanValue() : operand.asDouble() != 0;
		return wanted ? present : present.not();
	}

	private SqlFragment type(JsonNode operand) {
		List<String> sqlTypes = new ArrayList<>();
		for (JsonNode name : operand.isArray() ? operand : List.of(operand)) {
			String sqlType = name.isString() ? TYPE_NAMES.get(name.stringValue()) : null;
			if (sqlType == null) {
				throw invalid("$type", "does not know type " + name + "; use one of "
						+ String.join(", ", TYPE_NAMES.keySet().stream().sorted().toList()));
			}
			sqlTypes.add(sqlType);
		}
		if (sqlTypes.isEmpty()) {
			throw invalid("$type", "needs at least one type name");
		}
		String list = String.join(", ", sqlTypes);
		return this.values.anyMatch((c) -> SqlFragment.of(c.type() + " IN (" + list + ")"));
	}

	private SqlFragment size(JsonNode operand) {
		if (!operand.isNumber() || !isWhole(operand) || operand.asDouble() < 0) {
			throw invalid("$size", "needs a non-negative integer, got " + operand);
		}
		return this.values.anyMatch((c) -> SqlFragment.of("(" + c.whole() + " = 1 AND " + c.type()
				+ " = 'array' AND json_array_length(" + c.value() + ") = ?)", operand.asLong()));
	}

	private SqlFragment all(JsonNode operand) {
		if (!operand.isArray()) {
			throw invalid("$all", "needs an array, got " + operand);
		}
		if (operand.isEmpty()) {
			return SqlFragment.FALSE;
		}
		List<SqlFragment> parts = new ArrayList<>();
		for (JsonNode value : operand) {
			boolean elemMatch = value.isObject() && value.size() == 1 && value.has("$elemMatch");
			parts.add(elemMatch ? elemMatch(value.get("$elemMatch")) : equal(value));
		}
		return SqlFragment.and(parts);
	}

	/**
	 * One array element must satisfy every condition at once. Elements are filtered as documents when the
	 * condition names fields, or as values when it is an operator object ({@code {"$gt": 80, "$lt": 85}}).
	 */
	private SqlFragment elemMatch(JsonNode operand) {
		if (!operand.isObject()) {
			throw invalid("$elemMatch", "needs an object, got " + operand);
		}
		return this.values.anyMatch((c) -> {
			String element = this.scope.aliases().next("m");
			SqlFragment inner;
			if (!operand.isEmpty() && operand.propertyNames()
				.stream()
				.allMatch((name) -> name.startsWith("$") && !FilterCompiler.isLogical(name))) {
				FieldValues single = new FieldValues.Single(element + ".type", element + ".value");
				inner = new FieldConditions(this.compiler, this.path, single, this.scope).condition(operand);
			}
			else {
				inner = this.compiler.document(operand, this.scope.nested(element + ".value"))
					.wrap("(" + element + ".type = 'object' AND ", ")");
			}
			return inner.wrap("(" + c.whole() + " = 1 AND " + c.type() + " = 'array' AND EXISTS (SELECT 1 FROM json_each("
					+ c.value() + ") " + element + " WHERE ", "))");
		});
	}

	private SqlFragment regex(JsonNode operand, JsonNode options) {
		if (!operand.isString()) {
			throw invalid("$regex", "needs a pattern string, got " + operand);
		}
		if (options != null && !options.isString()) {
			throw invalid("$options", "needs a string of flags, got " + options);
		}
		String flags = (options != null) ? options.stringValue() : "";
		try {
			RegexFunction.compile(operand.stringValue(), flags);
		}
		catch (IllegalArgumentException ex) {
			throw invalid("$regex", "has an invalid pattern or options: " + ex.getMessage());
		}
		return this.values.anyMatch((c) -> SqlFragment.of("(" + c.type() + " = 'text' AND "
				+ RegexFunction.NAME + "(?, ?, " + c.value() + "))", operand.stringValue(), flags));
	}

	private SqlFragment not(JsonNode operand) {
		if (!isOperatorObject(operand)) {
			throw invalid("$not", "needs an operator object such as {\"$regex\": \"^a\"}, got " + operand);
		}
		return condition(operand).not();
	}

	private static Object number(JsonNode value) {
		if (value.isIntegralNumber() && value.canConvertToLong()) {
			return value.asLong();
		}
		return value.asDouble();
	}

	private static boolean isWhole(JsonNode number) {
		return number.isIntegralNumber() || number.asDouble() == Math.rint(number.asDouble());
	}

	private InvalidFilterException invalid(String operator, String problem) {
		return new InvalidFilterException("Operator " + operator + " on '" + this.path + "' " + problem);
	}

}
