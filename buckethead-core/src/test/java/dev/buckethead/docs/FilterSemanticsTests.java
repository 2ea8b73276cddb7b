package dev.buckethead.docs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import dev.buckethead.view.TestViewContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The filter language's semantics, run on real SQLite: every case in {@code docs/filter-cases.json} names a
 * document set, a filter and the ids it must select. Each case also runs with indexes on the paths it filters,
 * so that the index-friendly SQL for array-free paths is held to the same answers.
 */
class FilterSemanticsTests {

	private static final JsonNode FIXTURE = load();

	@TempDir
	Path directory;

	private TestViewContext context;

	private DocStore store;

	@BeforeEach
	void setUp() {
		this.context = DocsTestSupport.context(this.directory);
		this.store = new DocStore(this.context, DocsTestSupport.MAPPER);
		FIXTURE.get("documents").properties().forEach((set) -> this.store.collection(set.getKey())
			.insertMany(List.copyOf(set.getValue().values())));
	}

	@AfterEach
	void tearDown() throws Exception {
		this.context.close();
	}

	static Stream<Arguments> cases() {
		return FIXTURE.get("cases")
			.values()
			.stream()
			.map((c) -> Arguments.of(c.get("set").asString(), c.get("filter").toString(), ids(c.get("ids"))));
	}

	@ParameterizedTest(name = "{0} {1} -> {2}")
	@MethodSource("cases")
	void filterSelectsExpectedDocuments(String set, String filter, List<String> expected) {
		DocCollection collection = this.store.collection(set);
		assertThat(DocsTestSupport.ids(collection.find(filter))).isEqualTo(expected);
		assertThat(collection.count(filter)).isEqualTo(expected.size());
	}

	@ParameterizedTest(name = "indexed {0} {1} -> {2}")
	@MethodSource("cases")
	void filterSelectsTheSameDocumentsWithIndexes(String set, String filter, List<String> expected) {
		DocCollection collection = this.store.collection(set);
		Stream.of("age", "name", "nick", "active", "address", "address.city", "tags", "tags.0", "total",
				"items.sku", "items.qty")
			.forEach(collection::createIndex);
		assertThat(DocsTestSupport.ids(collection.find(filter))).isEqualTo(expected);
	}

	@Test
	void caseTableCoversEnoughCases() {
		assertThat(FIXTURE.get("cases").size()).isGreaterThanOrEqualTo(80);
	}

	private static List<String> ids(JsonNode array) {
		List<String> ids = new ArrayList<>();
		array.forEach((id) -> ids.add(id.asString()));
		return ids.stream().sorted().toList();
	}

	private static JsonNode load() {
		try (InputStream in = FilterSemanticsTests.class.getResourceAsStream("/docs/filter-cases.json")) {
			return DocsTestSupport.MAPPER.readTree(in);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
