package dev.buckethead.docs;

import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reading and writing one dotted path of a document the way MongoDB's update operators do: a numeric segment
 * indexes an array, and writing creates the objects missing along the way. Paths here never fan out over array
 * elements; that is what queries do, not updates.
 */
final class DocumentPaths {

	private DocumentPaths() {
	}

	/** The value at {@code path}, or {@code null} when some segment is missing. */
	static @Nullable JsonNode get(JsonNode document, JsonPath path) {
		JsonNode node = document;
		for (String segment : path.segments()) {
			node = child(node, segment);
			if (node == null) {
				return null;
			}
		}
		return node;
	}

	/** Writes {@code value} at {@code path}, creating missing objects; an array index past the end pads with nulls. */
	static void set(ObjectNode document, JsonPath path, String operator, JsonNode value) {
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

	/**
	 * Removes the value at {@code path} and returns it, or null when there was none. An array element is replaced
	 * by null rather than removed, as in MongoDB, so that later indexes do not shift.
	 */
	static @Nullable JsonNode remove(ObjectNode document, JsonPath path) {
		JsonNode parent = parent(document, path, "$unset", false);
		String last = last(path);
		if (parent instanceof ObjectNode object) {
			return object.remove(last);
		}
		if (parent instanceof ArrayNode array && JsonPath.isArrayIndex(last) && Integer.parseInt(last) < array.size()) {
			return array.set(Integer.parseInt(last), array.nullNode());
		}
		return null;
	}

	/** Whether following {@code path} meets an array before its last segment. */
	static boolean crossesArray(JsonNode document, JsonPath path) {
		JsonNode node = document;
		List<String> segments = path.segments();
		for (String segment : segments.subList(0, segments.size() - 1)) {
			node = child(node, segment);
			if (node == null) {
				return false;
			}
			if (node.isArray()) {
				return true;
			}
		}
		return false;
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

	static String last(JsonPath path) {
		return path.segments().get(path.segments().size() - 1);
	}

	static String describe(@Nullable JsonNode node) {
		return (node != null) ? node.getNodeType().toString().toLowerCase(Locale.ROOT) + " " + abbreviate(node)
				: "nothing";
	}

	private static String abbreviate(JsonNode node) {
		String text = node.toString();
		return (text.length() > 60) ? text.substring(0, 60) + "..." : text;
	}

}
