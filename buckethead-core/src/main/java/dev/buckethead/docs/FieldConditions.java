package dev.buckethead.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

import dev.buckethead.docs.FieldValues.Columns;

/**
 * Compiles the condition on one field ({@code {"$gt": 5, "$lt": 9}}, or a plain value for equality) into SQL over
 * the values at that field. Comparison rules follow MongoDB: numbers compare with numbers whatever their
 * representation, strings with strings, booleans with booleans, and values of different types never match.
 */
final class FieldConditions {

	private static final Set<String> OPERATORS = Set.of("$eq", "$ne", "$gt", "$gte", "$lt", "$lte", "$in", "$nin",
			"$exists", "$type", "$size", "$all", "$elemMatch", "$regex", "$options", "$not", "$mod");

	private static final Map<String, String> COMPARISONS = Map.of("$gt", ">", "$gte", ">=", "$lt", "<", "$lte", "<=");

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
		return isOperatorObject(condition, this.path);
	}

	/**
	 * Whether {@code condition} is {@code {"$op": ...}} rather than a document to compare with; mixing the two
	 * is an error, as in MongoDB.
	 */
	static boolean isOperatorObject(JsonNode condition, JsonPath path) {
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
			throw new InvalidFilterException("The condition on '" + path
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
			case "$regex" -> this.values.anyMatch(regex(operand, condition.get("$options")));
			case "$not" -> not(operand);
			case "$mod" -> mod(operand);
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
			return SqlFragment.of("json(" + c.json(value.isArray() ? "'array'" : "'object'") + ") = json(?)",
					value.toString());
		}
		throw invalid("$eq", "cannot compare with " + value.getNodeType() + " value " + value);
	}

	/**
	 * Equality with any of several values as one condition: the values of each kind travel as one bound JSON
	 * array, read back with {@code json_each}, so that a list of 10,000 costs one parameter and one sub-select
	 * rather than 10,000 terms (SQLite refuses expressions nested more than 1,000 deep).
	 */
	private Function<Columns, SqlFragment> equalToAny(List<JsonNode> values) {
		ArrayNode numbers = JsonValues.NODES.arrayNode();
		ArrayNode strings = JsonValues.NODES.arrayNode();
		ArrayNode containers = JsonValues.NODES.arrayNode();
		List<String> booleans = new ArrayList<>();
		for (JsonNode value : values) {
			if (value.isNumber()) {
				numbers.add(value);
			}
			else if (value.isString()) {
				strings.add(value);
			}
			else if (value.isBoolean()) {
				booleans.add(value.booleanValue() ? "'true'" : "'false'");
			}
			else {
				containers.add(value);
			}
		}
		return (c) -> {
			List<SqlFragment> parts = new ArrayList<>();
			if (!numbers.isEmpty()) {
				parts.add(SqlFragment.of("(" + c.type() + " IN ('integer', 'real') AND " + c.value()
						+ " IN (SELECT value FROM json_each(?)))", numbers.toString()));
			}
			if (!strings.isEmpty()) {
				parts.add(SqlFragment.of("(" + c.type() + " = 'text' AND " + c.value()
						+ " IN (SELECT value FROM json_each(?)))", strings.toString()));
			}
			if (!booleans.isEmpty()) {
				parts.add(SqlFragment.of(c.type() + " IN (" + String.join(", ", booleans) + ")"));
			}
			if (!containers.isEmpty()) {
				parts.add(SqlFragment.of("json(" + c.json("'array', 'object'") + ") IN (SELECT json(value) FROM"
						+ " json_each(?))", containers.toString()));
			}
			return SqlFragment.or(parts);
		};
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

	/**
	 * {@code $in}: equality with any listed value, where a {@code {"$regex": ...}} element matches like
	 * {@code $regex} and {@code null} matches missing fields too.
	 */
	private SqlFragment in(JsonNode operand, String operator) {
		if (!operand.isArray()) {
			throw invalid(operator, "needs an array, got " + operand);
		}
		List<JsonNode> plain = new ArrayList<>();
		List<Function<Columns, SqlFragment>> regexes = new ArrayList<>();
		boolean withNull = false;
		for (JsonNode value : operand) {
			if (value.isNull()) {
				withNull = true;
			}
			else if (isOperatorObject(value)) {
				if (!value.has("$regex") || value.size() > (value.has("$options") ? 2 : 1)) {
					throw invalid(operator, "takes values and regular expressions ({\"$regex\": ...}), not operator"
							+ " objects like " + value);
				}
				regexes.add(regex(value.get("$regex"), value.get("$options")));
			}
			else {
				plain.add(value);
			}
		}
		List<SqlFragment> parts = new ArrayList<>();
		if (withNull) {
			parts.add(isNullOrMissing());
		}
		if (plain.size() == 1 && regexes.isEmpty()) {
			// A single value compiles like plain equality, which an index on the path serves.
			parts.add(equal(plain.get(0)));
		}
		else if (!plain.isEmpty() || !regexes.isEmpty()) {
			Function<Columns, SqlFragment> values = plain.isEmpty() ? null : equalToAny(plain);
			parts.add(this.values.anyMatch((c) -> {
				List<SqlFragment> any = new ArrayList<>();
				if (values != null) {
					any.add(values.apply(c));
				}
				regexes.forEach((regex) -> any.add(regex.apply(c)));
				return SqlFragment.or(any);
			}));
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
		List<Function<Columns, String>> tests = new ArrayList<>();
		for (JsonNode name : operand.isArray() ? operand : List.of(operand)) {
			Function<Columns, String> test = BsonTypes.test(name);
			if (test == null) {
				throw invalid("$type", "does not know type " + name + "; use a BSON type number or alias: "
						+ BsonTypes.describe());
			}
			tests.add(test);
		}
		if (tests.isEmpty()) {
			throw invalid("$type", "needs at least one type name");
		}
		return this.values.anyMatch((c) -> SqlFragment.or(tests.stream().map((t) -> SqlFragment.of(t.apply(c))).toList()));
	}

	private SqlFragment size(JsonNode operand) {
		if (!operand.isNumber() || !isWhole(operand) || operand.asDouble() < 0) {
			throw invalid("$size", "needs a non-negative integer, got " + operand);
		}
		return this.values.anyMatch((c) -> SqlFragment.of("(" + c.whole() + " = 1 AND json_array_length("
				+ c.json("'array'") + ") = ?)", operand.asLong()));
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
			if (!elemMatch && isOperatorObject(value)) {
				throw invalid("$all", "takes values or {\"$elemMatch\": ...} objects, not " + value);
			}
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
		boolean onValues = !operand.isEmpty() && operand.propertyNames()
			.stream()
			.allMatch((name) -> name.startsWith("$") && !FilterCompiler.isLogical(name));
		String element = this.scope.aliases().next("m");
		FilterCompiler.Scope inside = this.scope.inElemMatch();
		SqlFragment inner = onValues ? elementCondition(this.compiler, this.path, element, operand, inside)
				: elementDocument(this.compiler, element, operand, inside);
		return this.values.anyElement(element, inner);
	}

	/** An operator condition on one array element, the {@code json_each} row {@code element}. */
	static SqlFragment elementCondition(FilterCompiler compiler, JsonPath path, String element, JsonNode condition,
			FilterCompiler.Scope scope) {
		FieldValues single = new FieldValues.Single(element + ".type", element + ".value");
		return new FieldConditions(compiler, path, single, scope).condition(condition);
	}

	/**
	 * A query on one array element that must be a document, the {@code json_each} row {@code element}; the
	 * query's paths start from the element ({@code scope}'s root is replaced).
	 */
	static SqlFragment elementDocument(FilterCompiler compiler, String element, JsonNode query,
			FilterCompiler.Scope scope) {
		String object = "CASE WHEN " + element + ".type = 'object' THEN " + element + ".value END";
		FilterCompiler.Scope inElement = new FilterCompiler.Scope(object, false, scope.aliases(), scope.elemMatchDepth());
		return compiler.document(query, inElement).wrap("(" + element + ".type = 'object' AND ", ")");
	}

	private Function<Columns, SqlFragment> regex(JsonNode operand, JsonNode options) {
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
		return (c) -> SqlFragment.of("(" + c.type() + " = 'text' AND " + RegexFunction.NAME + "(?, ?, " + c.value()
				+ "))", operand.stringValue(), flags);
	}

	private SqlFragment not(JsonNode operand) {
		if (!isOperatorObject(operand)) {
			throw invalid("$not", "needs an operator object such as {\"$regex\": \"^a\"}, got " + operand);
		}
		return condition(operand).not();
	}

	/**
	 * {@code {"$mod": [divisor, remainder]}}: numbers whose remainder, after division by {@code divisor}, is
	 * {@code remainder}. As in MongoDB (5.1+), decimal arguments and values are truncated toward zero first, and
	 * the remainder takes the sign of the dividend, which is what SQLite's {@code %} does on integers.
	 */
	private SqlFragment mod(JsonNode operand) {
		if (!operand.isArray() || operand.size() != 2 || !operand.get(0).isNumber() || !operand.get(1).isNumber()) {
			throw invalid("$mod", "needs an array of two numbers [divisor, remainder], got " + operand);
		}
		long divisor = truncate(operand.get(0));
		if (divisor == 0) {
			throw invalid("$mod", "cannot divide by zero (divisor " + operand.get(0) + " truncates to 0)");
		}
		long remainder = truncate(operand.get(1));
		return this.values.anyMatch((c) -> SqlFragment.of("(" + c.type() + " IN ('integer', 'real') AND CAST("
				+ c.value() + " AS INTEGER) % ? = ?)", divisor, remainder));
	}

	private long truncate(JsonNode number) {
		boolean inRange = number.isIntegralNumber() ? number.canConvertToLong() : Math.abs(number.doubleValue()) < 9.2e18;
		if (!inRange) {
			throw invalid("$mod", "needs arguments within the 64-bit integer range, got " + number);
		}
		return number.isIntegralNumber() ? number.longValue() : (long) number.doubleValue();
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
