package dev.buckethead.docs;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import dev.buckethead.CallerError;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The update language's semantics, run on real SQLite: every case in {@code docs/update-cases.json} names a
 * document, an update and the document MongoDB leaves (from the examples and rules of its manual; {@code manual}
 * cites the section), or the error MongoDB raises, in which case nothing may be written. Upsert cases start from
 * an empty collection and name the document the upsert must insert.
 */
class UpdateSemanticsTests {

	private static final JsonNode FIXTURE = load();

	@RegisterExtension
	final DocsTestSupport.Database database = new DocsTestSupport.Database();

	private DocCollection collection() {
		return this.database.collection("cases");
	}

	static Stream<Arguments> updates() {
		return FIXTURE.get("updates")
			.values()
			.stream()
			.map((c) -> Arguments.of(c.get("before"), c.get("update"), c.get("after"), c.path("error").asString(null)));
	}

	static Stream<Arguments> upserts() {
		return FIXTURE.get("upserts")
			.values()
			.stream()
			.map((c) -> Arguments.of(c.get("filter"), c.has("update") ? c.get("update") : c.get("replacement"),
					c.has("replacement"), c.get("after"), c.path("error").asString(null)));
	}

	@ParameterizedTest(name = "{0} {1} -> {2}{3}")
	@MethodSource("updates")
	void updateLeavesMongoDbsDocument(ObjectNode before, JsonNode update, JsonNode after, String error) {
		collection().insert(before);
		Object id = DocsTestSupport.MAPPER.treeToValue(before.get("_id"), Object.class);
		Map<String, Object> filter = Map.of("_id", id);
		if (error != null) {
			assertThatThrownBy(() -> collection().updateOne(filter, update)).isInstanceOf(CallerError.class)
				.hasMessageContaining(error);
			assertThat(collection().get(id).orElseThrow()).isEqualTo(before);
			return;
		}
		UpdateResult result = collection().updateOne(filter, update);
		assertThat(result.matched()).isEqualTo(1);
		assertThat(result.modified()).isEqualTo(before.equals(after) ? 0 : 1);
		assertThat(collection().get(id).orElseThrow()).isEqualTo(after);
	}

	@ParameterizedTest(name = "upsert {0} {1} -> {3}{4}")
	@MethodSource("upserts")
	void upsertInsertsMongoDbsDocument(ObjectNode filter, ObjectNode change, boolean replacement, ObjectNode after,
			String error) {
		UpdateOptions upsert = UpdateOptions.defaults().upsert(true);
		if (error != null) {
			assertThatThrownBy(() -> upsert(filter, change, replacement, upsert)).isInstanceOf(CallerError.class)
				.hasMessageContaining(error);
			assertThat(collection().count(Map.of())).isZero();
			return;
		}
		UpdateResult result = upsert(filter, change, replacement, upsert);
		assertThat(result.matched()).isZero();
		ObjectNode inserted = collection().find(Map.of()).get(0);
		assertThat(result.upsertedId()).isEqualTo(inserted.get("_id"));
		if (!after.has("_id")) {
			assertThat(inserted.remove("_id").asString()).hasSize(36);
		}
		assertThat(inserted).isEqualTo(after);
		// Run again: when the inserted document matches the filter, this is an update, not a second insert.
		boolean matchesNow = collection().count(filter) == 1;
		UpdateResult again = upsert(filter, change, replacement, upsert);
		assertThat(again.upsertedId() == null).isEqualTo(matchesNow);
		assertThat(collection().count(Map.of())).isEqualTo(matchesNow ? 1 : 2);
	}

	@Test
	void caseTableCoversEnoughCases() {
		assertThat(FIXTURE.get("updates").size()).isGreaterThanOrEqualTo(80);
		assertThat(FIXTURE.get("upserts").size()).isGreaterThanOrEqualTo(8);
	}

	private UpdateResult upsert(ObjectNode filter, ObjectNode change, boolean replacement, UpdateOptions options) {
		return replacement ? collection().replaceOne(filter, change, options)
				: collection().updateOne(filter, change, options);
	}

	private static JsonNode load() {
		try (InputStream in = UpdateSemanticsTests.class.getResourceAsStream("/docs/update-cases.json")) {
			return DocsTestSupport.MAPPER.readTree(in);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
