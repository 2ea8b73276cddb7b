package dev.buckethead.docs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import dev.buckethead.view.TestViewContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The filter language's semantics, run on real SQLite: {@code docs/filter-cases.json} names document sets and, for
 * each case, a filter and the ids it must select ({@code cases}), the order a sort must give ({@code sorts}), the
 * documents a projection must return ({@code projections}) and the filters MongoDB refuses ({@code errors}). The
 * expected results are MongoDB's, from its manual; a case's {@code manual} field cites the section where the rule
 * is subtle. Ids compare as JSON, so {@code 1.5} and {@code "1.5"} are different. Each case also runs with indexes
 * on the paths it uses, so that the index-friendly SQL for array-free paths is held to the same answers.
 */
class FilterSemanticsTests {

	private static final JsonNode FIXTURE = load();

	private static final List<String> INDEXED = List.of("age", "name", "nick", "active", "address", "address.city",
			"tags", "tags.0", "total", "items.sku", "items.qty", "v", "q", "_id");

	@TempDir
	static Path directory;

	private static TestViewContext plainContext;

	private static TestViewContext indexedContext;

	/** The document sets as inserted, and again with indexes on {@link #INDEXED}; the cases only read them. */
	private static DocStore store;

	private static DocStore indexedStore;

	@BeforeAll
	static void loadDocuments() {
		plainContext = DocsTestSupport.context(directory.resolve("plain"));
		indexedContext = DocsTestSupport.context(directory.resolve("indexed"));
		store = load(plainContext);
		indexedStore = load(indexedContext);
		FIXTURE.get("documents").propertyNames().forEach((set) -> INDEXED.forEach(indexedStore.collection(set)::createIndex));
	}

	private static DocStore load(TestViewContext context) {
		DocStore documents = new DocStore(context, DocsTestSupport.MAPPER);
		FIXTURE.get("documents").properties().forEach((set) -> documents.collection(set.getKey())
			.insertMany(List.copyOf(set.getValue().values())));
		return documents;
	}

	@AfterAll
	static void closeDatabases() throws Exception {
		plainContext.close();
		indexedContext.close();
	}

	static Stream<Arguments> cases() {
		return section("cases").map((c) -> Arguments.of(c.get("set").asString(), c.get("filter").toString(),
				sorted(c.get("ids"))));
	}

	static Stream<Arguments> sorts() {
		return section("sorts").map((c) -> Arguments.of(c.get("set").asString(), c.get("filter").toString(),
				c.get("sort"), c.path("limit").asLong(-1), texts(c.get("order"))));
	}

	static Stream<Arguments> projections() {
		return section("projections").map((c) -> Arguments.of(c.get("set").asString(), c.get("filter").toString(),
				c.path("include"), c.path("exclude"), c.get("documents")));
	}

	static Stream<Arguments> errors() {
		return section("errors").map((c) -> Arguments.of(c.get("set").asString(), c.get("filter").toString(),
				c.get("error").asString()));
	}

	@ParameterizedTest(name = "{0} {1} -> {2}")
	@MethodSource("cases")
	void filterSelectsExpectedDocuments(String set, String filter, List<String> expected) {
		DocCollection collection = store.collection(set);
		assertThat(ids(collection.find(filter))).isEqualTo(expected);
		assertThat(collection.count(filter)).isEqualTo(expected.size());
	}

	@ParameterizedTest(name = "indexed {0} {1} -> {2}")
	@MethodSource("cases")
	void filterSelectsTheSameDocumentsWithIndexes(String set, String filter, List<String> expected) {
		DocCollection collection = indexed(set);
		assertThat(ids(collection.find(filter))).isEqualTo(expected);
	}

	@ParameterizedTest(name = "{0} {1} sort {2} limit {3} -> {4}")
	@MethodSource("sorts")
	void sortGivesMongoDbsOrder(String set, String filter, JsonNode sort, long limit, List<String> expected) {
		FindOptions options = sortOptions(sort, limit);
		assertThat(inOrder(store.collection(set).find(filter, options))).isEqualTo(expected);
		assertThat(inOrder(indexed(set).find(filter, options))).isEqualTo(expected);
	}

	@ParameterizedTest(name = "{0} {1} include {2} exclude {3}")
	@MethodSource("projections")
	void projectionShapesDocuments(String set, String filter, JsonNode include, JsonNode exclude, JsonNode expected) {
		FindOptions options = FindOptions.defaults()
			.include(strings(include).toArray(String[]::new))
			.exclude(strings(exclude).toArray(String[]::new))
			.sortAscending("_id");
		List<ObjectNode> documents = store.collection(set).find(filter, options);
		assertThat(DocsTestSupport.MAPPER.createArrayNode().addAll(documents)).hasToString(expected.toString());
	}

	@ParameterizedTest(name = "{0} {1} fails: {2}")
	@MethodSource("errors")
	void invalidFiltersFailAsInMongoDb(String set, String filter, String message) {
		assertThatExceptionOfType(InvalidFilterException.class)
			.isThrownBy(() -> store.collection(set).find(filter))
			.withMessageContaining(message);
	}

	@Test
	void caseTableCoversEnoughCases() {
		assertThat(FIXTURE.get("cases").size()).isGreaterThanOrEqualTo(150);
		assertThat(FIXTURE.get("sorts").size() + FIXTURE.get("projections").size() + FIXTURE.get("errors").size())
			.isGreaterThanOrEqualTo(25);
	}

	private static DocCollection indexed(String set) {
		return indexedStore.collection(set);
	}

	private static FindOptions sortOptions(JsonNode sort, long limit) {
		FindOptions options = FindOptions.defaults();
		for (JsonNode key : sort) {
			String path = key.get(0).asString();
			options = (key.get(1).asInt() > 0) ? options.sortAscending(path) : options.sortDescending(path);
		}
		return (limit >= 0) ? options.limit(limit) : options;
	}

	/** Ids as JSON text, so that a numeric id and a string id with the same digits stay apart. */
	private static List<String> ids(List<ObjectNode> documents) {
		return documents.stream().map((document) -> document.get("_id").toString()).sorted().toList();
	}

	private static List<String> inOrder(List<ObjectNode> documents) {
		return documents.stream().map((document) -> document.get("_id").toString()).toList();
	}

	private static List<String> sorted(JsonNode array) {
		return texts(array).stream().sorted().toList();
	}

	private static List<String> texts(JsonNode array) {
		List<String> texts = new ArrayList<>();
		array.forEach((value) -> texts.add(value.toString()));
		return texts;
	}

	private static List<String> strings(JsonNode array) {
		List<String> strings = new ArrayList<>();
		array.forEach((value) -> strings.add(value.asString()));
		return strings;
	}

	private static Stream<JsonNode> section(String name) {
		return FIXTURE.get(name).values().stream();
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
