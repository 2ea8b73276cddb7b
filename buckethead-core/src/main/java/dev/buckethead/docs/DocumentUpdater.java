package dev.buckethead.docs;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Applies a MongoDB-style update ({@code $set}, {@code $unset}, {@code $inc}, {@code $push}, {@code $pull}) to a
 * document in Java. Updates read, change and write back each matching document inside one transaction, which
 * keeps the rules (nested objects created on demand, type checks) in one readable place instead of in SQL.
 */
final class DocumentUpdater {

	private static final Set<String> OPERATORS = Set.of("$set", "$unset", "$inc", "$push", "$pull");

	private final JsonNode update;

	/** Validates {@code update} up front, so that a bad one fails before any document is touched. */
	DocumentUpdater(JsonNode update) {
		if (!update.isObject() || update.isEmpty()) {
			throw new InvalidUpdateException("An update must be a non-empty object of operators such as {\"$set\": {...}}");
		}
		for (Map.Entry<String, JsonNode> entry : update.properties()) {
			if (!OPERATORS.contains(entry.getKey())) {
				throw new InvalidUpdateException("Unknown update operator '" + entry.getKey() + "'; supported: "
						+ String.join(", ", OPERATORS.stream().sorted().toList())
						+ " (use replace() to overwrite a whole document)");
			}
			if (!entry.getValue().isObject()) {
				throw new InvalidUpdateException(entry.getKey() + " needs an object of paths, got " + entry.getValue());
			}
			for (String path : entry.getValue().propertyNames()) {
				if (JsonPath.parse(path).head().equals("_id")) {
					throw new InvalidUpdateException(entry.getKey() + " cannot change _id");
				}
			}
		}
		this.update = update;
	}

	/** Applies the update to a copy of {@code document}; returns the copy. */
	ObjectNode apply(ObjectNode document) {
		ObjectNode result = document.deepCopy();
		for (Map.Entry<String, JsonNode> operation : this.update.properties()) {
			for (Map.Entry<String, JsonNode> target : operation.getValue().properties()) {
				apply(operation.getKey(), result, JsonPath.parse(target.getKey()), target.getValue());
			}
		}
		return result;
	}

	private void apply(String operator, ObjectNode document, JsonPath path, JsonNode operand) {
		switch (operator) {
			case "$set" -> set(document, path, operator, operand.deepCopy());
			case "$unset" -> unset(document, path);
			case "$inc" -> inc(document, path, operand);
			case "$push" -> push(document, path, operand);
			default -> pull(document, path, operand);
		}
	}

	private void set(ObjectNode document, JsonPath path, String operator, JsonNode value) {
		JsonNode parent = parent(document, path, operator, true);
		String last = last(path);
		if (parent instanceof ObjectNode object) {
			object.set(last, value);
		}
		else if (parent instanceof ArrayNode array && JsonPath.isArrayIndex(last)) {
			int index = Integer.parseInt(last);
			while (array.size() <= index) {
				array.addNull();
			}
			array.set(index, value);
		}
		else {
			throw new InvalidUpdateException(operator + " cannot set '" + path + "': its parent is " + describe(parent));
		}
	}

	private void unset(ObjectNode document, JsonPath path) {
		JsonNode parent = parent(document, path, "$unset", false);
		if (parent instanceof ObjectNode object) {
			object.remove(last(path));
		}
		else if (parent instanceof ArrayNode array && JsonPath.isArrayIndex(last(path))
				&& Integer.parseInt(last(path)) < array.size()) {
			// As in MongoDB, unsetting an array element leaves a null so that later indexes do not shift.
			array.set(Integer.parseInt(last(path)), array.nullNode());
		}
	}

	private void inc(ObjectNode document, JsonPath path, JsonNode amount) {
		if (!amount.isNumber()) {
			throw new InvalidUpdateException("$inc on '" + path + "' needs a number, got " + amount);
		}
		JsonNode current = get(document, path);
		if (current == null || current.isMissingNode()) {
			set(document, path, "$inc", amount.deepCopy());
			return;
		}
		if (!current.isNumber()) {
			throw new InvalidUpdateException("$inc cannot add to '" + path + "': it holds " + describe(current)
					+ ", not a number");
		}
		JsonNode sum;
		if (current.isIntegralNumber() && amount.isIntegralNumber() && current.canConvertToLong()
				&& amount.canConvertToLong()) {
			sum = document.numberNode(Math.addExact(current.asLong(), amount.asLong()));
		}
		else {
			sum = document.numberNode(current.asDouble() + amount.asDouble());
		}
		set(document, path, "$inc", sum);
	}

	private void push(ObjectNode document, JsonPath path, JsonNode operand) {
		List<JsonNode> values = (operand.isObject() && operand.has("$each")) ? each(path, operand.get("$each"))
				: List.of(operand);
		JsonNode current = get(document, path);
		ArrayNode array;
		if (current == null || current.isMissingNode()) {
			array = document.arrayNode();
			set(document, path, "$push", array);
		}
		else if (current instanceof ArrayNode existing) {
			array = existing;
		}
		else {
			throw new InvalidUpdateException("$push cannot append to '" + path + "': it holds " + describe(current)
					+ ", not an array");
		}
		values.forEach((value) -> array.add(value.deepCopy()));
	}

	private List<JsonNode> each(JsonPath path, JsonNode each) {
		if (!each.isArray()) {
			throw new InvalidUpdateException("$push $each on '" + path + "' needs an array, got " + each);
		}
		return List.copyOf(each.values());
	}

	private void pull(ObjectNode document, JsonPath path, JsonNode value) {
		JsonNode current = get(document, path);
		if (current == null || current.isMissingNode()) {
			return;
		}
		if (!(current instanceof ArrayNode array)) {
			throw new InvalidUpdateException("$pull cannot remove from '" + path + "': it holds " + describe(current)
					+ ", not an array");
		}
		for (int i = array.size() - 1; i >= 0; i--) {
			if (JsonValues.sameValue(array.get(i), value)) {
				array.remove(i);
			}
		}
	}

	/** The value at {@code path}, or {@code null} when some segment is missing. */
	private static @Nullable JsonNode get(JsonNode document, JsonPath path) {
		JsonNode node = document;
		for (String segment : path.segments()) {
			node = child(node, segment);
			if (node == null) {
				return null;
			}
		}
		return node;
	}

	/**
	 * The container that holds the last segment of {@code path}; with {@code create}, missing objects along the
	 * way are created, as {@code $set} does for dotted paths.
	 */
	private static @Nullable JsonNode parent(ObjectNode document, JsonPath path, String operator, boolean create) {
		JsonNode node = document;
		List<String> segments = path.segments();
		for (String segment : segments.subList(0, segments.size() - 1)) {
			JsonNode next = child(node, segment);
			if (next == null || next.isNull()) {
				if (!create) {
					return null;
				}
				if (!(node instanceof ObjectNode object)) {
					throw new InvalidUpdateException(operator + " cannot create '" + path + "': '" + segment
							+ "' would have to be a field of " + describe(node));
				}
				next = object.putObject(segment);
			}
			node = next;
		}
		return node;
	}

	private static @Nullable JsonNode child(JsonNode node, String segment) {
		if (node.isObject()) {
			return node.get(segment);
		}
		if (node.isArray() && JsonPath.isArrayIndex(segment)) {
			return node.get(Integer.parseInt(segment));
		}
		return null;
	}

	private static String last(JsonPath path) {
		return path.segments().get(path.segments().size() - 1);
	}

	private static String describe(@Nullable JsonNode node) {
		return (node != null) ? node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT) + " " + node : "nothing";
	}

}
