package dev.buckethead.docs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The update operators on arrays: {@code $push} (with {@code $each}, {@code $position}, {@code $sort},
 * {@code $slice}), {@code $addToSet} (with {@code $each}), {@code $pop}, {@code $pull} and {@code $pullAll}.
 * <p>
 * {@code $pull} takes a value or a condition. A condition is either an operator object ({@code {"$gte": 2}},
 * {@code {"$in": [...]}}), applied to each element as a value, or a query document ({@code {"k": "x"}}), applied
 * to each element that is a document "as if each array element were a document in a collection" (MongoDB manual,
 * $pull, Behavior), so other fields of the element do not matter. Conditions are compiled with the filter compiler,
 * so they mean exactly what they mean in a filter, and run in SQLite over the array through an
 * {@link ElementMatcher}.
 */
final class ArrayOperators {

	/** The positions of the elements of {@code array} that satisfy {@code condition}, a condition on alias {@link #ELEMENT}. */
	@FunctionalInterface
	interface ElementMatcher {

		Set<Integer> matching(SqlFragment condition, ArrayNode array);

	}

	/** The {@code json_each} alias compiled {@code $pull} conditions refer to. */
	static final String ELEMENT = "el";

	private static final Set<String> PUSH_MODIFIERS = Set.of("$each", "$position", "$slice", "$sort");

	/**
	 * An array operator's operand, validated and compiled.
	 *
	 * @param values what {@code $push}, {@code $addToSet} add or {@code $pull}, {@code $pullAll} remove by equality
	 * @param condition the {@code $pull} condition, when it is one
	 */
	record Compiled(List<JsonNode> values, @Nullable SqlFragment condition, @Nullable Integer position,
			@Nullable Integer slice, @Nullable Comparator<JsonNode> sort, int pop) {
	}

	private ArrayOperators() {
	}

	/** Validates and compiles the operand of an array operator; null for other operators. */
	static @Nullable Compiled compile(String operator, JsonPath path, JsonNode operand) {
		return switch (operator) {
			case "$push" -> push(path, operand);
			case "$addToSet" -> addToSet(path, operand);
			case "$pop" -> pop(path, operand);
			case "$pull" -> pull(path, operand);
			case "$pullAll" -> {
				if (!operand.isArray()) {
					throw invalid("$pullAll", path, "needs an array of values to remove, got " + operand);
				}
				yield new Compiled(List.copyOf(operand.values()), null, null, null, null, 0);
			}
			default -> null;
		};
	}

	private static Compiled push(JsonPath path, JsonNode operand) {
		if (!hasModifiers(operand)) {
			return new Compiled(List.of(operand), null, null, null, null, 0);
		}
		for (String name : operand.propertyNames()) {
			if (!PUSH_MODIFIERS.contains(name)) {
				throw invalid("$push", path, "does not know modifier '" + name + "'; supported: $each, $position,"
						+ " $slice, $sort");
			}
		}
		JsonNode each = operand.get("$each");
		if (each == null || !each.isArray()) {
			throw invalid("$push", path, "needs $each with an array when it has modifiers, got " + operand);
		}
		return new Compiled(List.copyOf(each.values()), null, integer(path, operand, "$position"), integer(path, operand, "$slice"),
				sort(path, operand.get("$sort")), 0);
	}

	private static boolean hasModifiers(JsonNode operand) {
		return operand.isObject() && operand.propertyNames().stream().anyMatch((name) -> name.startsWith("$"));
	}

	private static @Nullable Integer integer(JsonPath path, JsonNode operand, String modifier) {
		JsonNode value = operand.get(modifier);
		if (value == null) {
			return null;
		}
		if (!value.isNumber() || !value.canConvertToInt() || value.asDouble() != value.asInt()) {
			throw invalid("$push", path, modifier + " needs an integer, got " + value);
		}
		return value.asInt();
	}

	private static @Nullable Comparator<JsonNode> sort(JsonPath path, @Nullable JsonNode spec) {
		if (spec == null) {
			return null;
		}
		if (spec.isNumber() && (spec.asDouble() == 1 || spec.asDouble() == -1)) {
			return (spec.asDouble() == 1) ? JsonOrder.BSON : JsonOrder.BSON.reversed();
		}
		if (!spec.isObject() || spec.isEmpty()) {
			throw invalid("$push", path, "$sort needs 1, -1 or an object of fields to 1 or -1, got " + spec);
		}
		Comparator<JsonNode> order = null;
		for (Map.Entry<String, JsonNode> key : spec.properties()) {
			JsonNode direction = key.getValue();
			if (!direction.isNumber() || (direction.asDouble() != 1 && direction.asDouble() != -1)) {
				throw invalid("$push", path, "$sort direction for '" + key.getKey() + "' must be 1 or -1, got " + direction);
			}
			JsonPath field = JsonPath.parse(key.getKey());
			Comparator<JsonNode> byField = Comparator.comparing((JsonNode element) -> fieldOf(element, field),
					JsonOrder.BSON);
			byField = (direction.asDouble() == 1) ? byField : byField.reversed();
			order = (order == null) ? byField : order.thenComparing(byField);
		}
		return order;
	}

	private static JsonNode fieldOf(JsonNode element, JsonPath field) {
		JsonNode value = element.isObject() ? DocumentPaths.get(element, field) : null;
		return (value != null) ? value : JsonValues.NODES.nullNode();
	}

	private static Compiled addToSet(JsonPath path, JsonNode operand) {
		if (!hasModifiers(operand)) {
			return new Compiled(List.of(operand), null, null, null, null, 0);
		}
		JsonNode each = operand.get("$each");
		if (operand.size() != 1 || each == null || !each.isArray()) {
			throw invalid("$addToSet", path, "takes a value or {\"$each\": [values]}, got " + operand);
		}
		return new Compiled(List.copyOf(each.values()), null, null, null, null, 0);
	}

	private static Compiled pop(JsonPath path, JsonNode operand) {
		if (!operand.isNumber() || (operand.asDouble() != 1 && operand.asDouble() != -1)) {
			throw invalid("$pop", path, "needs 1 (remove the last element) or -1 (remove the first), got " + operand);
		}
		return new Compiled(List.of(), null, null, null, null, (int) operand.asDouble());
	}

	private static Compiled pull(JsonPath path, JsonNode operand) {
		if (!operand.isObject()) {
			return new Compiled(List.of(operand), null, null, null, null, 0);
		}
		FilterCompiler compiler = new FilterCompiler();
		FilterCompiler.Scope scope = FilterCompiler.Scope.top("NULL");
		try {
			SqlFragment condition = FieldConditions.isOperatorObject(operand, path)
					? FieldConditions.elementCondition(compiler, path, ELEMENT, operand, scope)
					: FieldConditions.elementDocument(compiler, ELEMENT, operand, scope);
			return new Compiled(List.of(), condition, null, null, null, 0);
		}
		catch (InvalidFilterException ex) {
			throw invalid("$pull", path, "has an invalid condition: " + ex.getMessage());
		}
	}

	/** Applies a compiled array operation to {@code document}. */
	static void apply(ObjectNode document, DocumentUpdater.Operation operation, ElementMatcher matcher) {
		String operator = operation.operator();
		JsonPath path = operation.path();
		Compiled compiled = operation.array();
		boolean adds = operator.equals("$push") || operator.equals("$addToSet");
		ArrayNode array = array(document, path, operator, adds);
		if (array == null || compiled == null) {
			return;
		}
		switch (operator) {
			case "$push" -> push(array, compiled);
			case "$addToSet" -> compiled.values().forEach((value) -> {
				if (!contains(array, value)) {
					array.add(value.deepCopy());
				}
			});
			case "$pop" -> {
				if (!array.isEmpty()) {
					array.remove((compiled.pop() == 1) ? array.size() - 1 : 0);
				}
			}
			default -> {
				Set<Integer> matching = (compiled.condition() != null) ? matcher.matching(compiled.condition(), array)
						: Set.of();
				for (int i = array.size() - 1; i >= 0; i--) {
					if (matching.contains(i) || contains(compiled.values(), array.get(i))) {
						array.remove(i);
					}
				}
			}
		}
	}

	/** The array at {@code path}; created when {@code create} and missing; null when missing otherwise. */
	private static @Nullable ArrayNode array(ObjectNode document, JsonPath path, String operator, boolean create) {
		JsonNode current = DocumentPaths.get(document, path);
		if (current == null) {
			if (!create) {
				return null;
			}
			ArrayNode array = document.arrayNode();
			DocumentPaths.set(document, path, operator, array);
			return array;
		}
		if (current instanceof ArrayNode existing) {
			return existing;
		}
		throw new InvalidUpdateException(operator + " cannot change '" + path + "': it holds "
				+ DocumentPaths.describe(current) + ", not an array");
	}

	/** MongoDB applies {@code $push}'s modifiers in this order, whatever order they are written in. */
	private static void push(ArrayNode array, Compiled compiled) {
		List<JsonNode> elements = new ArrayList<>(array.values());
		int at = elements.size();
		if (compiled.position() != null) {
			int position = compiled.position();
			at = (position < 0) ? Math.max(0, elements.size() + position) : Math.min(position, elements.size());
		}
		List<JsonNode> added = compiled.values().stream().map(JsonNode::deepCopy).toList();
		elements.addAll(at, added);
		if (compiled.sort() != null) {
			elements.sort(compiled.sort());
		}
		if (compiled.slice() != null) {
			int slice = compiled.slice();
			int size = elements.size();
			elements = (slice >= 0) ? elements.subList(0, Math.min(slice, size))
					: elements.subList(Math.max(0, size + slice), size);
		}
		array.removeAll();
		elements.forEach(array::add);
	}

	private static boolean contains(Iterable<JsonNode> values, JsonNode value) {
		for (JsonNode candidate : values) {
			if (JsonValues.sameValue(candidate, value)) {
				return true;
			}
		}
		return false;
	}

	private static InvalidUpdateException invalid(String operator, JsonPath path, String problem) {
		return new InvalidUpdateException(operator + " on '" + path + "' " + problem);
	}

}
