package dev.buckethead.docs;

import java.util.LinkedHashMap;
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
 * Fields to Return from Query", embedded documents in an array). Included fields keep the document's order.
 */
final class Projection {

	private static final String ID = "_id";

	private static final Projection NONE = new Projection(new Fields(), false, true);

	/** The projected paths as a tree: a field with no children is projected whole. */
	private static final class Fields {

		private final Map<String, Fields> children = new LinkedHashMap<>();

		void add(List<String> segments) {
			Fields node = this;
			for (String segment : segments) {
				node = node.children.computeIfAbsent(segment, (key) -> new Fields());
			}
		}

		boolean isLeaf() {
			return this.children.isEmpty();
		}

	}

	private final Fields fields;

	private final boolean inclusive;

	private final boolean keepId;

	private Projection(Fields fields, boolean inclusive, boolean keepId) {
		this.fields = fields;
		this.inclusive = inclusive;
		this.keepId = keepId;
	}

	static Projection of(Map<String, Boolean> projection) {
		if (projection.isEmpty()) {
			return NONE;
		}
		boolean keepId = projection.getOrDefault(ID, true);
		Fields fields = new Fields();
		PathClaims claims = new PathClaims();
		Boolean inclusive = null;
		for (Map.Entry<String, Boolean> field : projection.entrySet()) {
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
			fields.add(path.segments());
		}
		return new Projection(fields, inclusive != null && inclusive, keepId);
	}

	ObjectNode apply(ObjectNode document) {
		if (this == NONE) {
			return document;
		}
		ObjectNode result = this.inclusive ? include(document, this.fields) : exclude(document, this.fields);
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

	/** The fields of {@code document} that {@code fields} names, in the document's order. */
	private static ObjectNode include(JsonNode document, Fields fields) {
		ObjectNode result = JsonValues.NODES.objectNode();
		for (Map.Entry<String, JsonNode> field : document.properties()) {
			Fields wanted = fields.children.get(field.getKey());
			if (wanted == null) {
				continue;
			}
			JsonNode value = field.getValue();
			if (wanted.isLeaf()) {
				result.set(field.getKey(), value.deepCopy());
			}
			else if (value.isObject()) {
				result.set(field.getKey(), include(value, wanted));
			}
			else if (value.isArray()) {
				result.set(field.getKey(), includeElements(value, wanted));
			}
		}
		return result;
	}

	/** Each document of {@code array} projected; nested arrays likewise; other elements are left out. */
	private static ArrayNode includeElements(JsonNode array, Fields fields) {
		ArrayNode result = JsonValues.NODES.arrayNode();
		for (JsonNode element : array) {
			if (element.isObject()) {
				result.add(include(element, fields));
			}
			else if (element.isArray()) {
				result.add(includeElements(element, fields));
			}
		}
		return result;
	}

	/** {@code document} without the fields {@code fields} names. */
	private static ObjectNode exclude(JsonNode document, Fields fields) {
		ObjectNode result = JsonValues.NODES.objectNode();
		for (Map.Entry<String, JsonNode> field : document.properties()) {
			Fields unwanted = fields.children.get(field.getKey());
			if (unwanted == null) {
				result.set(field.getKey(), field.getValue().deepCopy());
			}
			else if (!unwanted.isLeaf()) {
				result.set(field.getKey(), excludeWithin(field.getValue(), unwanted));
			}
		}
		return result;
	}

	private static JsonNode excludeWithin(JsonNode value, Fields fields) {
		if (value.isObject()) {
			return exclude(value, fields);
		}
		if (value.isArray()) {
			ArrayNode result = JsonValues.NODES.arrayNode();
			value.forEach((element) -> result.add(excludeWithin(element, fields)));
			return result;
		}
		return value.deepCopy();
	}

}
