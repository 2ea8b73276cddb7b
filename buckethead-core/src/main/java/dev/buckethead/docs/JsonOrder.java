package dev.buckethead.docs;

import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * MongoDB's comparison order for BSON values, restricted to what JSON holds: null, then numbers (by value,
 * whatever their representation), strings (by code point, which is the byte order of their UTF-8), objects,
 * arrays, booleans ({@code false} first). Objects compare pair by pair in their field order: first the values'
 * type ranks, then the field names, then the values; an object that runs out of pairs first is the smaller.
 * Arrays compare element by element the same way. Used by {@code $min}, {@code $max} and {@code $push}'s
 * {@code $sort}; query sorting does the same in SQL.
 */
final class JsonOrder {

	static final Comparator<JsonNode> BSON = JsonOrder::compare;

	private JsonOrder() {
	}

	static int compare(JsonNode a, JsonNode b) {
		int byType = Integer.compare(rank(a), rank(b));
		if (byType != 0) {
			return byType;
		}
		if (a.isNumber()) {
			return a.decimalValue().compareTo(b.decimalValue());
		}
		if (a.isString()) {
			return compareCodePoints(a.stringValue(), b.stringValue());
		}
		if (a.isBoolean()) {
			return Boolean.compare(a.booleanValue(), b.booleanValue());
		}
		if (a.isObject()) {
			return compareObjects(a, b);
		}
		if (a.isArray()) {
			for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
				int byElement = compare(a.get(i), b.get(i));
				if (byElement != 0) {
					return byElement;
				}
			}
			return Integer.compare(a.size(), b.size());
		}
		return 0;
	}

	/** The BSON type's place in the order: null 1, numbers 2, strings 3, objects 4, arrays 5, booleans 8. */
	static int rank(JsonNode value) {
		if (value.isNull() || value.isMissingNode()) {
			return 1;
		}
		if (value.isNumber()) {
			return 2;
		}
		if (value.isString()) {
			return 3;
		}
		if (value.isObject()) {
			return 4;
		}
		if (value.isArray()) {
			return 5;
		}
		return 8;
	}

	private static int compareObjects(JsonNode a, JsonNode b) {
		Iterator<Map.Entry<String, JsonNode>> left = a.properties().iterator();
		Iterator<Map.Entry<String, JsonNode>> right = b.properties().iterator();
		while (left.hasNext() && right.hasNext()) {
			Map.Entry<String, JsonNode> l = left.next();
			Map.Entry<String, JsonNode> r = right.next();
			int result = Integer.compare(rank(l.getValue()), rank(r.getValue()));
			if (result == 0) {
				result = compareCodePoints(l.getKey(), r.getKey());
			}
			if (result == 0) {
				result = compare(l.getValue(), r.getValue());
			}
			if (result != 0) {
				return result;
			}
		}
		return Boolean.compare(left.hasNext(), right.hasNext());
	}

	private static int compareCodePoints(String a, String b) {
		int i = 0;
		int j = 0;
		while (i < a.length() && j < b.length()) {
			int x = a.codePointAt(i);
			int y = b.codePointAt(j);
			if (x != y) {
				return Integer.compare(x, y);
			}
			i += Character.charCount(x);
			j += Character.charCount(y);
		}
		return Boolean.compare(i < a.length(), j < b.length());
	}

}
