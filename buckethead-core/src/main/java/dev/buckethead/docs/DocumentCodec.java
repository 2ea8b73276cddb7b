package dev.buckethead.docs;

import java.util.Map;
import java.util.UUID;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Converts what callers hand in (an {@link ObjectNode}, a {@link Map}, a JSON string, a record or POJO) into JSON
 * objects and back, and owns the {@code _id} rules: a document keeps the {@code _id} it brings (a string or a
 * number, stored as given), or gets a random UUID string; the id column holds its text.
 */
final class DocumentCodec {

	static final String ID = "_id";

	private final JsonMapper mapper;

	DocumentCodec(JsonMapper mapper) {
		this.mapper = mapper;
	}

	/** Any supported input as a JSON object; {@code what} names it in errors ("document", "filter"). */
	ObjectNode toObject(Object input, String what) {
		JsonNode node;
		try {
			if (input instanceof JsonNode json) {
				node = json;
			}
			else if (input instanceof CharSequence text) {
				node = this.mapper.readTree(text.toString());
			}
			else {
				node = this.mapper.valueToTree(input);
			}
		}
		catch (JacksonException | IllegalArgumentException ex) {
			throw new InvalidDocumentException("Could not read the " + what + " as JSON: " + ex.getMessage(), ex);
		}
		if (!(node instanceof ObjectNode object)) {
			throw new InvalidDocumentException("A " + what + " must be a JSON object, got " + node.getNodeType());
		}
		return object;
	}

	/** {@code document} with an {@code _id} first: its own if valid, else a new one. */
	ObjectNode withId(ObjectNode document) {
		JsonNode id = document.get(ID);
		if (id != null) {
			idText(id);
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

	/** The id column's text for an {@code _id} value. */
	static String idText(JsonNode id) {
		if (id.isString()) {
			return id.stringValue();
		}
		if (id.isNumber()) {
			return id.numberValue().toString();
		}
		throw new InvalidDocumentException("_id must be a string or a number, got " + id.getNodeType() + " " + id);
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
