package dev.buckethead.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Shapes returned documents, MongoDB-style: either an inclusion list (only those fields, plus {@code _id}) or an
 * exclusion list (everything else); mixing the two is an error, except that {@code _id} may always be excluded.
 * Applied in Java after the query, so projection paths never reach SQL. Dotted paths address nested objects.
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
			paths.add(JsonPath.parse(field.getKey()));
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
			this.paths.forEach((path) -> remove(result, path.segments()));
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

	private static void copy(JsonNode from, ObjectNode to, List<String> segments, int index) {
		JsonNode value = from.get(segments.get(index));
		if (value == null) {
			return;
		}
		String key = segments.get(index);
		if (index == segments.size() - 1) {
			to.set(key, value.deepCopy());
		}
		else if (value.isObject()) {
			JsonNode existing = to.get(key);
			ObjectNode child = (existing instanceof ObjectNode object) ? object : to.putObject(key);
			copy(value, child, segments, index + 1);
		}
	}

	private static void remove(ObjectNode document, List<String> segments) {
		JsonNode parent = document;
		for (String segment : segments.subList(0, segments.size() - 1)) {
			parent = parent.get(segment);
			if (parent == null || !parent.isObject()) {
				return;
			}
		}
		((ObjectNode) parent).remove(segments.get(segments.size() - 1));
	}

}
