package dev.buckethead.docs;

import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The document an upsert starts from when nothing matches: MongoDB's rule (manual, db.collection.updateOne(),
 * "Upsert with Operator Expressions") takes the equality conditions of the filter ({@code {"a": 1}},
 * {@code {"a": {"$eq": 1}}}, dotted paths as nested fields, conditions inside {@code $and} and inside an
 * {@code $or} of one clause) and ignores every other condition; then the update is applied to it. Two equalities on
 * one path, or on a path and a part of it, cannot both hold and are an error.
 */
final class UpsertSeed {

	private UpsertSeed() {
	}

	static ObjectNode from(ObjectNode filter) {
		ObjectNode seed = JsonValues.NODES.objectNode();
		collect(filter, seed, new PathClaims());
		return seed;
	}

	private static void collect(JsonNode filter, ObjectNode seed, PathClaims paths) {
		for (Map.Entry<String, JsonNode> entry : filter.properties()) {
			String key = entry.getKey();
			JsonNode value = entry.getValue();
			if (key.equals("$and") || (key.equals("$or") && value.size() == 1)) {
				value.forEach((clause) -> collect(clause, seed, paths));
				continue;
			}
			if (key.startsWith("$")) {
				continue;
			}
			JsonPath path = JsonPath.parse(key);
			JsonNode equal = FieldConditions.isOperatorObject(value, path) ? value.get("$eq") : value;
			if (equal != null) {
				claim(paths, path);
				DocumentPaths.set(seed, path, "upsert", equal.deepCopy());
			}
		}
	}

	private static void claim(PathClaims paths, JsonPath path) {
		String taken = paths.claim(path);
		if (taken != null) {
			throw new InvalidUpdateException("Cannot build the document to upsert: the filter sets '" + taken
					+ "' and '" + path + "' by equality, which cannot both hold in one document");
		}
	}

}
