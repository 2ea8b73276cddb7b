package dev.buckethead.docs;

import java.util.Iterator;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/** Value comparisons with MongoDB's rule that numbers are equal by value, whatever their representation. */
final class JsonValues {

	/** Builds the JSON values the store creates itself (parameters, rewritten filters, update results). */
	static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private JsonValues() {
	}

	/** Whether two JSON values are equal, treating {@code 1}, {@code 1L} and {@code 1.0} as the same number. */
	static boolean sameValue(JsonNode a, JsonNode b) {
		if (a.isNumber() && b.isNumber()) {
			if (a.isIntegralNumber() && b.isIntegralNumber()) {
				return a.bigIntegerValue().equals(b.bigIntegerValue());
			}
			return a.decimalValue().compareTo(b.decimalValue()) == 0;
		}
		if (a.isArray() && b.isArray()) {
			if (a.size() != b.size()) {
				return false;
			}
			for (int i = 0; i < a.size(); i++) {
				if (!sameValue(a.get(i), b.get(i))) {
					return false;
				}
			}
			return true;
		}
		if (a.isObject() && b.isObject()) {
			if (a.size() != b.size()) {
				return false;
			}
			Iterator<Map.Entry<String, JsonNode>> left = a.properties().iterator();
			Iterator<Map.Entry<String, JsonNode>> right = b.properties().iterator();
			while (left.hasNext()) {
				Map.Entry<String, JsonNode> l = left.next();
				Map.Entry<String, JsonNode> r = right.next();
				if (!l.getKey().equals(r.getKey()) || !sameValue(l.getValue(), r.getValue())) {
					return false;
				}
			}
			return true;
		}
		return a.equals(b);
	}

}
