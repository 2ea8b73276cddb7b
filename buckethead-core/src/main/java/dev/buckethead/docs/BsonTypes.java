package dev.buckethead.docs;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import dev.buckethead.docs.FieldValues.Columns;

/**
 * MongoDB's {@code $type} vocabulary (BSON type numbers and their aliases) as tests on one JSON value's columns.
 * <p>
 * JSON holds six of the BSON types, so the others (dates, object ids, binary, ...) are accepted and match nothing,
 * as they would in a MongoDB collection that holds none of them. Integers follow the rule MongoDB's drivers use
 * when they read JSON (relaxed Extended JSON): one that fits in 32 bits is an {@code int}, a larger one a
 * {@code long}; a number with a fraction or an exponent is a {@code double}. {@code "boolean"} is accepted
 * besides MongoDB's {@code "bool"} because earlier versions of this store did.
 */
final class BsonTypes {

	private static final Function<Columns, String> NEVER = (c) -> "0";

	private static final String INT32 = " BETWEEN -2147483648 AND 2147483647";

	private static final Map<String, Function<Columns, String>> BY_ALIAS = new LinkedHashMap<>();

	private static final Map<Integer, String> ALIAS_BY_NUMBER = new LinkedHashMap<>();

	static {
		type(1, "double", (c) -> c.type() + " = 'real'");
		type(2, "string", (c) -> c.type() + " = 'text'");
		type(3, "object", (c) -> c.type() + " = 'object'");
		type(4, "array", (c) -> c.type() + " = 'array'");
		type(5, "binData", NEVER);
		type(6, "undefined", NEVER);
		type(7, "objectId", NEVER);
		type(8, "bool", (c) -> c.type() + " IN ('true', 'false')");
		type(9, "date", NEVER);
		type(10, "null", (c) -> c.type() + " = 'null'");
		type(11, "regex", NEVER);
		type(12, "dbPointer", NEVER);
		type(13, "javascript", NEVER);
		type(14, "symbol", NEVER);
		type(15, "javascriptWithScope", NEVER);
		type(16, "int", (c) -> "(" + c.type() + " = 'integer' AND " + c.value() + INT32 + ")");
		type(17, "timestamp", NEVER);
		type(18, "long", (c) -> "(" + c.type() + " = 'integer' AND " + c.value() + " NOT" + INT32 + ")");
		type(19, "decimal", NEVER);
		type(-1, "minKey", NEVER);
		type(127, "maxKey", NEVER);
		BY_ALIAS.put("number", (c) -> c.type() + " IN ('integer', 'real')");
		BY_ALIAS.put("boolean", BY_ALIAS.get("bool"));
	}

	private BsonTypes() {
	}

	private static void type(int number, String alias, Function<Columns, String> test) {
		BY_ALIAS.put(alias, test);
		ALIAS_BY_NUMBER.put(number, alias);
	}

	/** The test for a type alias or number, or null when {@code name} is neither. */
	static @Nullable Function<Columns, String> test(JsonNode name) {
		if (name.isString()) {
			return BY_ALIAS.get(name.stringValue());
		}
		if (name.isNumber() && name.canConvertToInt() && name.asDouble() == name.asInt()) {
			String alias = ALIAS_BY_NUMBER.get(name.asInt());
			return (alias != null) ? BY_ALIAS.get(alias) : null;
		}
		return null;
	}

	/** The accepted names, for error messages. */
	static String describe() {
		StringJoiner names = new StringJoiner(", ");
		ALIAS_BY_NUMBER.forEach((number, alias) -> names.add(number + " \"" + alias + "\""));
		return names + ", \"number\"";
	}

}
