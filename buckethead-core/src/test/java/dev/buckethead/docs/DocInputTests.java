package dev.buckethead.docs;

import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.node.ObjectNode;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** What may go into documents, filters and updates: JSON values only, each refusal a typed error naming the place. */
class DocInputTests {

	@RegisterExtension
	final DocsTestSupport.Database database = new DocsTestSupport.Database();

	private DocCollection docs() {
		return this.database.collection("docs");
	}

	record Holder(String name, Object value) {
	}

	record Plain(String name, UUID id, Instant at, List<Integer> counts, Optional<String> nick) {
	}

	@Test
	void nonJsonValuesInDocumentsAreRefusedNamingWhereTheyAre() {
		assertRefused(Map.of("t", Thread.currentThread()), "at 't' holds a java.lang.Thread");
		assertRefused(Map.of("s", Stream.of(1, 2)), "collect it into a List first");
		assertRefused(Map.of("list", List.of(1, List.of(1, 2).iterator())), "at 'list.1' holds a");
		assertRefused(Map.of("in", new ByteArrayInputStream(new byte[1])), "java.io.ByteArrayInputStream");
		assertRefused(Map.of("o", new Object()), "java.lang.Object");
		assertRefused(new Object(), "java.lang.Object");
		assertRefused(Thread.currentThread(), "java.lang.Thread");
		assertRefused(new Holder("h", new Object()), "java.lang.Object has no properties");
		assertRefused(new Holder("h", new StringBuilder("text").append(Thread.currentThread()).chars()),
				"collect it into a List first");
		assertRefused(Map.of("re", Pattern.compile("^a")), "regular expression");
		assertRefused(Map.of(Map.of(1, 2), 1), "map key of type");
		Map<String, Object> itself = new HashMap<>();
		itself.put("me", List.of(itself));
		assertRefused(Map.of("outer", itself), "contain itself");
		assertThat(docs().count(Map.of())).isZero();
	}

	@Test
	void nanAndInfinityAreRefused() {
		assertRefused(Map.of("x", Double.NaN), "at 'x' holds the number NaN");
		assertRefused(Map.of("x", List.of(1.0, Float.POSITIVE_INFINITY)), "at 'x.1' holds the number Infinity");
		assertRefused(new Holder("h", Double.NEGATIVE_INFINITY), "-Infinity");
		ObjectNode tree = DocsTestSupport.MAPPER.createObjectNode().put("x", Double.NaN);
		assertRefused(tree, "NaN");
		assertThatExceptionOfType(InvalidDocumentException.class).isThrownBy(() -> docs().insert("{\"x\": NaN}"))
			.withMessageContaining("Could not read the document as JSON");
		docs().insert(Map.of("_id", "a", "x", 1));
		assertThatExceptionOfType(InvalidUpdateException.class)
			.isThrownBy(() -> docs().update(Map.of(), Map.of("$set", Map.of("x", Double.NaN))))
			.withMessageContaining("NaN");
		assertThatExceptionOfType(InvalidFilterException.class)
			.isThrownBy(() -> docs().find(Map.of("x", Double.POSITIVE_INFINITY)))
			.withMessageContaining("Infinity");
		assertThat(docs().get("a").orElseThrow().get("x").asInt()).isEqualTo(1);
	}

	@Test
	void recordsPojosAndValueTypesAreWrittenByTheMapper() {
		UUID id = UUID.randomUUID();
		docs().insert(Map.of("_id", "r", "plain", new Plain("p", id, Instant.EPOCH, List.of(1, 2), Optional.empty()),
				"bytes", new byte[] { 1, 2 }, "ints", new int[] { 3, 4 }, "c", 'c'));
		ObjectNode stored = docs().get("r").orElseThrow();
		assertThat(stored.get("plain").toString()).isEqualTo("{\"name\":\"p\",\"id\":\"" + id
				+ "\",\"at\":\"1970-01-01T00:00:00Z\",\"counts\":[1,2],\"nick\":null}");
		assertThat(stored.get("bytes").asString()).isEqualTo("AQI=");
		assertThat(stored.get("ints").toString()).isEqualTo("[3,4]");
		assertThat(stored.get("c").asString()).isEqualTo("c");
	}

	@Test
	void filtersWithNonJsonValuesAreErrorsNotSilentNonMatches() {
		docs().insert(Map.of("_id", "a", "name", "alice"));
		assertThatExceptionOfType(InvalidFilterException.class)
			.isThrownBy(() -> docs().find(Map.of("name", new Object())))
			.withMessageContaining("The filter at 'name' holds a java.lang.Object");
		assertThatExceptionOfType(InvalidFilterException.class)
			.isThrownBy(() -> docs().count(Map.of("name", Map.of("$in", List.of(Thread.currentThread())))))
			.withMessageContaining("at 'name.$in.0' holds a java.lang.Thread");
		assertThatExceptionOfType(InvalidUpdateException.class)
			.isThrownBy(() -> docs().update(Map.of(), Map.of("$set", Map.of("x", Stream.of(1)))))
			.withMessageContaining("The update at '$set.x'");
	}

	@Test
	void aPatternInAFilterIsARegularExpression() {
		docs().insertMany(List.of(Map.of("_id", "a", "name", "Alice"), Map.of("_id", "b", "name", "bob")));
		assertThat(DocsTestSupport.ids(docs().find(Map.of("name", Pattern.compile("^a", Pattern.CASE_INSENSITIVE)))))
			.containsExactly("a");
		assertThat(DocsTestSupport.ids(docs().find(Map.of("name", Map.of("$in", List.of(Pattern.compile("b$")))))))
			.containsExactly("b");
		assertThatExceptionOfType(InvalidFilterException.class)
			.isThrownBy(() -> docs().find(Map.of("name", Pattern.compile("a", Pattern.LITERAL))))
			.withMessageContaining("$options cannot express");
	}

	private void assertRefused(Object document, String message) {
		assertThatExceptionOfType(InvalidDocumentException.class).isThrownBy(() -> docs().insert(document))
			.withMessageContaining(message);
	}

}
