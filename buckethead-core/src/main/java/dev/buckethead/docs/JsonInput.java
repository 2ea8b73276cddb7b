package dev.buckethead.docs;

import java.io.InputStream;
import java.io.Reader;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Spliterator;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.BaseStream;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import dev.buckethead.BucketHeadException;

/**
 * Turns what callers hand in (JSON text, Jackson trees, maps, collections, arrays, scalars, records and POJOs) into
 * a JSON tree, and refuses what is not JSON with the caller's kind of error: {@link InvalidDocumentException},
 * {@link InvalidFilterException} or {@link InvalidUpdateException}, naming the place in the input.
 * <p>
 * Maps, collections and arrays are walked here rather than by Jackson, so that a map that contains itself or
 * nesting deeper than {@link #MAX_DEPTH} is an error at level 101 instead of a {@link StackOverflowError}; other
 * objects go through the application's mapper with the {@link JsonOnlySerializers} guard, which refuses JDK
 * objects that Jackson would otherwise write as their bean properties ({@code Thread}) or as {@code {}}.
 * Floating-point values must be finite: MongoDB would store NaN and infinities as doubles, but SQLite's JSON has
 * no NaN (it reads it as {@code null}), so storing one could only lose it.
 */
final class JsonInput {

	/** The deepest nesting of objects and arrays accepted, the top-level object being level 1; MongoDB's limit. */
	static final int MAX_DEPTH = 100;

	/** What the input is, for messages and for the type of error. */
	enum Kind {

		DOCUMENT("document", InvalidDocumentException::new),
		FILTER("filter", InvalidFilterException::new),
		UPDATE("update", InvalidUpdateException::new),
		UPDATED("updated document", InvalidUpdateException::new);

		private final String noun;

		private final Function<String, BucketHeadException> error;

		Kind(String noun, Function<String, BucketHeadException> error) {
			this.noun = noun;
			this.error = error;
		}

		BucketHeadException error(String message) {
			return this.error.apply(message);
		}

		String noun() {
			return this.noun;
		}

	}

	private final JsonMapper mapper;

	private final JsonMapper strict;

	JsonInput(JsonMapper mapper) {
		this.mapper = mapper;
		this.strict = JsonOnlySerializers.guard(mapper);
	}

	/** {@code input} as a JSON object: a JSON text, or anything {@link #value} converts to an object. */
	ObjectNode object(Object input, Kind kind) {
		JsonNode node;
		if (input instanceof CharSequence text) {
			try {
				node = this.mapper.readTree(text.toString());
			}
			catch (JacksonException ex) {
				throw kind.error("Could not read the " + kind.noun() + " as JSON: " + ex.getOriginalMessage());
			}
			node = new Walk(kind, this.strict).tree(node, 1);
		}
		else {
			node = value(input, kind);
		}
		if (!(node instanceof ObjectNode object)) {
			throw kind.error("A " + kind.noun() + " must be a JSON object, got " + node.getNodeType());
		}
		return object;
	}

	/** {@code input} as a JSON value (a string stays a string). */
	JsonNode value(@Nullable Object input, Kind kind) {
		return new Walk(kind, this.strict).convert(input, 1);
	}

	/**
	 * Checks a tree against the same rules: one the store built itself (an updated document), or one handed to
	 * the public {@link FilterCompiler} directly.
	 */
	static void check(JsonNode tree, Kind kind) {
		new Walk(kind, null).tree(tree, 1);
	}

	/** One conversion; remembers where it is, for messages. */
	private static final class Walk {

		private final Kind kind;

		private final @Nullable JsonMapper strict;

		private final ArrayDeque<String> trail = new ArrayDeque<>();

		Walk(Kind kind, @Nullable JsonMapper strict) {
			this.kind = kind;
			this.strict = strict;
		}

		JsonNode convert(@Nullable Object value, int depth) {
			if (value == null) {
				return JsonValues.NODES.nullNode();
			}
			if (value instanceof JsonNode node) {
				return tree(node, depth);
			}
			if (value instanceof CharSequence || value instanceof Character) {
				return JsonValues.NODES.stringNode(value.toString());
			}
			if (value instanceof Boolean bool) {
				return JsonValues.NODES.booleanNode(bool);
			}
			JsonNode number = (value instanceof Number n) ? number(n) : null;
			if (number != null) {
				return number;
			}
			if (value instanceof Map<?, ?> map) {
				return object(map, depth);
			}
			if (value instanceof Collection<?> collection) {
				enter(depth);
				ArrayNode array = JsonValues.NODES.arrayNode();
				for (Object element : collection) {
					element(array, element, depth);
				}
				return array;
			}
			if (value instanceof byte[] bytes) {
				// What Jackson writes for a byte[] in a JSON document: standard Base64.
				return JsonValues.NODES.stringNode(Base64.getEncoder().encodeToString(bytes));
			}
			if (value.getClass().isArray()) {
				enter(depth);
				ArrayNode array = JsonValues.NODES.arrayNode();
				for (int i = 0; i < Array.getLength(value); i++) {
					element(array, Array.get(value, i), depth);
				}
				return array;
			}
			if (value instanceof Optional<?> optional) {
				return convert(optional.orElse(null), depth);
			}
			if (value instanceof Pattern pattern) {
				return regex(pattern);
			}
			if (value instanceof BaseStream || value instanceof Iterator || value instanceof Spliterator) {
				throw fail("holds a " + value.getClass().getName() + ", which is not a JSON value; collect it into"
						+ " a List first");
			}
			if (value instanceof InputStream || value instanceof Reader || value instanceof Thread) {
				throw fail("holds a " + value.getClass().getName() + ", which is not a JSON value");
			}
			if (this.strict == null) {
				throw fail("holds a " + value.getClass().getName() + ", which is not a JSON value");
			}
			JsonNode tree;
			try {
				tree = this.strict.valueToTree(value);
			}
			catch (JacksonException ex) {
				throw fail("holds a " + value.getClass().getName() + " that cannot be written as JSON: "
						+ ex.getMessage());
			}
			return tree(tree, depth);
		}

		private ObjectNode object(Map<?, ?> map, int depth) {
			enter(depth);
			ObjectNode object = JsonValues.NODES.objectNode();
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				String key = key(entry.getKey());
				this.trail.addLast(key);
				object.set(key, convert(entry.getValue(), depth + 1));
				this.trail.removeLast();
			}
			return object;
		}

		private void element(ArrayNode array, @Nullable Object element, int depth) {
			this.trail.addLast(String.valueOf(array.size()));
			array.add(convert(element, depth + 1));
			this.trail.removeLast();
		}

		private String key(@Nullable Object key) {
			if (key instanceof CharSequence || key instanceof Number || key instanceof Boolean
					|| key instanceof Character || key instanceof UUID) {
				return key.toString();
			}
			if (key instanceof Enum<?> constant) {
				return constant.name();
			}
			throw fail("has a map key " + ((key != null) ? "of type " + key.getClass().getName() : "null")
					+ "; field names must be strings");
		}

		/** Checks a tree: depth, finite numbers, no embedded Java objects. */
		JsonNode tree(JsonNode node, int depth) {
			if (node.isContainer()) {
				enter(depth);
				if (node.isObject()) {
					for (Map.Entry<String, JsonNode> field : node.properties()) {
						this.trail.addLast(field.getKey());
						tree(field.getValue(), depth + 1);
						this.trail.removeLast();
					}
				}
				else {
					for (int i = 0; i < node.size(); i++) {
						this.trail.addLast(String.valueOf(i));
						tree(node.get(i), depth + 1);
						this.trail.removeLast();
					}
				}
			}
			else if (node.isPojo()) {
				throw fail("holds an embedded Java object (a POJONode), which is not a JSON value");
			}
			else if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
				throw notFinite(node.doubleValue());
			}
			return node;
		}

		private @Nullable JsonNode number(Number number) {
			if (number instanceof Integer || number instanceof Long || number instanceof Short
					|| number instanceof Byte) {
				return JsonValues.NODES.numberNode(number.longValue());
			}
			if (number instanceof Double || number instanceof Float) {
				if (!Double.isFinite(number.doubleValue())) {
					throw notFinite(number.doubleValue());
				}
				return (number instanceof Float f) ? JsonValues.NODES.numberNode(f)
						: JsonValues.NODES.numberNode(number.doubleValue());
			}
			if (number instanceof BigInteger big) {
				return JsonValues.NODES.numberNode(big);
			}
			if (number instanceof BigDecimal decimal) {
				return JsonValues.NODES.numberNode(decimal);
			}
			return null;
		}

		private JsonNode regex(Pattern pattern) {
			if (this.kind != Kind.FILTER) {
				throw fail("holds a regular expression (java.util.regex.Pattern), which JSON cannot store; store its"
						+ " pattern string");
			}
			ObjectNode regex = JsonValues.NODES.objectNode();
			regex.put("$regex", pattern.pattern());
			try {
				regex.put("$options", RegexFunction.options(pattern));
			}
			catch (IllegalArgumentException ex) {
				throw fail("holds a " + ex.getMessage());
			}
			return regex;
		}

		private void enter(int depth) {
			if (depth > MAX_DEPTH) {
				throw fail("is nested more than " + MAX_DEPTH + " levels deep (objects and arrays count one level"
						+ " each; does a map or list contain itself?)");
			}
		}

		private BucketHeadException notFinite(double value) {
			return fail("holds the number " + value + ", which cannot be stored: SQLite's JSON has no NaN or"
					+ " infinite numbers; use null or a string instead");
		}

		private BucketHeadException fail(String problem) {
			String where = this.trail.isEmpty() ? "" : " at '" + abbreviated() + "'";
			return this.kind.error("The " + this.kind.noun() + where + " " + problem);
		}

		private String abbreviated() {
			String path = String.join(".", this.trail);
			return (path.length() > 80) ? path.substring(0, 80) + "..." : path;
		}

	}

}
