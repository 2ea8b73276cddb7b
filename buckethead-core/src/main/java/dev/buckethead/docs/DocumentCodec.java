package dev.buckethead.docs;

import java.math.BigDecimal;
import java.util.UUID;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Converts what callers hand in into JSON objects (through {@link JsonInput}) and back, and owns the {@code _id}
 * rules: a document keeps the {@code _id} it brings (a string or a number, stored as given), or gets a random
 * UUID string.
 * <p>
 * Ids are typed, as in MongoDB: {@code 1.5} and {@code "1.5"} are different documents, while {@code 1},
 * {@code 1.0} and {@code 1L} are one. The id column therefore holds a string id as it is and a numeric id as
 * {@code U+0001} followed by the number in canonical form ({@code 1.50} becomes {@code 1.5}, {@code 1e2} becomes
 * {@code 100}); string ids starting with {@code U+0001} are refused so the two can never meet. Databases written
 * before ids were typed are converted once when the store opens them ({@link IdFormat}).
 */
final class DocumentCodec {

	static final String ID = "_id";

	private static final char NUMBER_KEY = '\u0001';

	private final JsonMapper mapper;

	private final JsonInput input;

	DocumentCodec(JsonMapper mapper) {
		this.mapper = mapper;
		this.input = new JsonInput(mapper);
	}

	ObjectNode document(Object document) {
		return this.input.object(document, JsonInput.Kind.DOCUMENT);
	}

	ObjectNode filter(Object filter) {
		return this.input.object(filter, JsonInput.Kind.FILTER);
	}

	ObjectNode update(Object update) {
		return this.input.object(update, JsonInput.Kind.UPDATE);
	}

	/** {@code document} with an {@code _id} first: its own if valid, else a new one. */
	static ObjectNode withId(ObjectNode document) {
		JsonNode id = document.get(ID);
		if (id != null) {
			key(id);
		}
		ObjectNode result = document.objectNode();
		result.set(ID, (id != null) ? id : document.stringNode(UUID.randomUUID().toString()));
		document.properties().forEach((field) -> {
			if (!field.getKey().equals(ID)) {
				result.set(field.getKey(), field.getValue());
			}
		});
		return result;
	}

	/** An id a caller passes to {@code get}, {@code replace} or {@code deleteById}: a string or a number. */
	JsonNode id(Object id) {
		JsonNode node = this.input.value(id, JsonInput.Kind.DOCUMENT);
		key(node);
		return node;
	}

	/** The id column's text for an {@code _id} value. */
	static String key(JsonNode id) {
		if (id.isString()) {
			String text = id.stringValue();
			if (!text.isEmpty() && text.charAt(0) == NUMBER_KEY) {
				throw new InvalidDocumentException("A string _id must not start with the control character U+0001,"
						+ " which marks numeric ids");
			}
			return text;
		}
		if (id.isNumber()) {
			return numberKey(id.decimalValue());
		}
		throw new InvalidDocumentException("_id must be a string or a number, got " + id.getNodeType() + " " + id);
	}

	/** The id column's text for a numeric id: one key per numeric value, however it is written. */
	static String numberKey(BigDecimal number) {
		BigDecimal stripped = number.stripTrailingZeros();
		return NUMBER_KEY + ((stripped.signum() == 0) ? "0" : stripped.toPlainString());
	}

	/** How an id reads to a caller: a string id as it is, a numeric one as its number ({@code 42}, {@code 1.5}). */
	static String text(JsonNode id) {
		return id.isString() ? id.stringValue() : id.numberValue().toString();
	}

	String write(JsonNode document) {
		return this.mapper.writeValueAsString(document);
	}

	ObjectNode read(String body) {
		return (ObjectNode) this.mapper.readTree(body);
	}

	<T> T convert(ObjectNode document, Class<T> type) {
		try {
			return this.mapper.treeToValue(document, type);
		}
		catch (JacksonException ex) {
			throw new InvalidDocumentException("Could not map document " + document.get(ID) + " to "
					+ type.getName() + ": " + ex.getOriginalMessage(), ex);
		}
	}

}
