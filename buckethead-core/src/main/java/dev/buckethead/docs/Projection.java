package dev.buckethead.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Shapes returned documents, MongoDB-style: either an inclusion list (only those fields, plus {@code _id}) or an
 * exclusion list (everything else); mixing the two is an error, except that {@code _id} may always be excluded,
 * and so is naming a path together with a part of it ({@code a} and {@code a.b}). Applied in Java after the
 * query, so projection paths never reach SQL. Dotted paths address nested objects and go through arrays: including
 * {@code items.k} keeps {@code items} as an array of {@code {k: ...}} documents (dropping elements that are not
 * documents), excluding it removes {@code k} from every document in {@code items} (MongoDB manual, "Project
 * Fields to Return from Query", embedded documents in an array).
 */
final class Projection {

	private static final String ID = "_id";

	private static final Projection NONE = new Projection(List.of(), false, true);

	private final List<JsonPath> paths;

	private final boolean inclusive;

	private final boolean keepId;

	private Projection(List<JsonPath> paths, boolean inclusive, boolean keepId) {
		this.paths = paths;
		this.inclusive = inclusive;
		this.keepId = keepId;
	}

	static Projection of(Map<String, Boolean> fields) {
		if (fields.isEmpty()) {
			return NONE;
		}
		boolean keepId = fields.getOrDefault(ID, true);
		List<JsonPath> paths = new ArrayList<>();
		PathClaims claims = new PathClaims();
		Boolean inclusive = null;
		for (Map.Entry<String, Boolean> field : fields.entrySet()) {
			if (field.getKey().equals(ID)) {
				continue;
			}
			if (inclusive != null && inclusive != field.getValue()) {
				throw new InvalidFilterException("A projection cannot both include and exclude fields ('"
						+ field.getKey() + "'); only _id may be excluded from an inclusion");
			}
			inclusive = field.getValue();
			JsonPath path = JsonPath.parse(field.getKey());
			String taken = claims.claim(path);
			if (taken != null) {
				throw new InvalidFilterException("Projection paths '" + taken + "' and '" + path + "' collide: name"
						+ " either a field or parts of it");
			}
			paths.add(path);
		}
		return new Projection(List.copyOf(paths), inclusive != null && inclusive, keepId);
	}

	ObjectNode apply(ObjectNode document) {
		if (this == NONE) {
			return document;
		}
		ObjectNode result;
		if (this.inclusive) {
			result = document.objectNode();
			for (JsonPath path : this.paths) {
				copy(document, result, path.segments(), 0);
			}
		}
		else {
			result = document.deepCopy();
			this.paths.forEach((path) -> remove(result, path.segments(), 0));
		}
		JsonNode id = document.get(ID);
		result.remove(ID);
		if (this.keepId && id != null) {
			ObjectNode withId = document.objectNode();
			withId.set(ID, id);
			withId.setAll(result);
			return withId;
		}
		return result;
	}

	/** Copies the value at {@code segments[index..]} of {@code from} into {@code to}, merging with what is there. */
	private static void copy(JsonNode from, ObjectNode to, List<String> segments, int index) {
		String key = segments.get(index);
		JsonNode value = from.get(key);
		if (value == null) {
			return;
		}
		if (index == segments.size() - 1) {
			to.set(key, value.deepCopy());
		}
		else if (value.isObject()) {
			copy(value, (ObjectNode) child(to, key, value), segments, index + 1);
		}
		else if (value.isArray()) {
			copyElements((ArrayNode) value, (ArrayNode) child(to, key, value), segments, index + 1);
		}
	}

	/** Projects each document of {@code from} into the matching element of {@code to}; others are left out. */
	private static void copyElements(ArrayNode from, ArrayNode to, List<String> segments, int index) {
		boolean fresh = to.isEmpty();
		int position = 0;
		for (JsonNode element : from) {
			if (!element.isContainer()) {
				continue;
			}
			JsonNode target = fresh ? null : to.get(position);
			if (target == null) {
				target = element.isObject() ? to.addObject() : to.addArray();
			}
			if (element.isObject()) {
				copy(element, (ObjectNode) target, segments, index);
			}
			else {
				copyElements((ArrayNode) element, (ArrayNode) target, segments, index);
			}
			position++;
		}
	}

	private static JsonNode child(ObjectNode to, String key, JsonNode like) {
		JsonNode existing = to.get(key);
		if (existing != null && existing.getNodeType() == like.getNodeType()) {
			return existing;
		}
		return like.isObject() ? to.putObject(key) : to.putArray(key);
	}

	private static void remove(JsonNode node, List<String> segments, int index) {
		if (node.isArray()) {
			node.forEach((element) -> remove(element, segments, index));
			return;
		}
		if (!(node instanceof ObjectNode object)) {
			return;
		}
		if (index == segments.size() - 1) {
			object.remove(segments.get(index));
			return;
		}
		JsonNode child = object.get(segments.get(index));
		if (child != null) {
			remove(child, segments, index + 1);
		}
	}

}
