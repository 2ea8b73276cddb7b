package dev.buckethead.docs;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.node.ObjectNode;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The cost limits of the filter language, held by outcome: a filter's compiled statement grows linearly with the
 * filter (measured as SQLite's own program size, which is what exploded before), large lists work, and
 * everything beyond a documented limit fails with a typed error instead of a {@link StackOverflowError} or an
 * out-of-memory error. No timings: the benchmark module measures speed.
 */
class DocLimitsTests {

	@RegisterExtension
	final DocsTestSupport.Database database = new DocsTestSupport.Database();

	private DocCollection docs() {
		return this.database.collection("docs");
	}

	@Test
	void dottedPathCostIsLinearInItsSegments() throws Exception {
		docs().insert(nested(99, "a", 7));
		docs().insert(Map.of("_id", "flat", "a", 1));
		long twentyFive = programSize(path(25));
		long fifty = programSize(path(50));
		long hundred = programSize(path(100));
		// Doubling the segments about doubles the program; before, each segment multiplied it by about five.
		assertThat((double) hundred / fifty).isBetween(1.5, 2.5);
		assertThat((double) fifty / twentyFive).isBetween(1.5, 2.5);
		assertThat(DocsTestSupport.ids(docs().find(Map.of(path(99), 7)))).hasSize(1);
		assertThat(docs().count(Map.of(path(100), Map.of("$exists", true)))).isZero();
		assertThat(docs().count(Map.of(path(100), Map.of("$exists", false)))).isEqualTo(2);
	}

	@Test
	void deepPathsThroughArraysStillMatchElementwise() {
		// a: [{a: [{a: ... {a: 7}}]}]: every other level an array, which each segment steps through.
		Object value = 7;
		for (int i = 0; i < 40; i++) {
			value = (i % 2 == 0) ? List.of(Map.of("a", value)) : Map.of("a", value);
		}
		docs().insert(Map.of("_id", "deep", "a", value));
		assertThat(docs().count(Map.of(path(41), 7))).isEqualTo(1);
		assertThat(docs().count(Map.of(path(41), 8))).isZero();
	}

	@Test
	void longerPathsAreRefusedByTheDocumentedLimit() {
		assertThatExceptionOfType(InvalidPathException.class).isThrownBy(() -> docs().find(Map.of(path(101), 1)))
			.withMessageContaining("101 segments; at most 100");
	}

	@Test
	void inAndNinWithTenThousandValues() {
		List<Map<String, Object>> batch = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			batch.add(Map.of("_id", "d" + i, "n", i, "s", "v" + i));
		}
		docs().insertMany(batch);
		List<Object> numbers = IntStream.range(100, 10_100).<Object>mapToObj((i) -> i).toList();
		List<Object> strings = IntStream.range(150, 10_150).<Object>mapToObj((i) -> "v" + i).toList();
		assertThat(docs().count(Map.of("n", Map.of("$in", numbers)))).isEqualTo(100);
		assertThat(docs().count(Map.of("n", Map.of("$nin", numbers)))).isEqualTo(100);
		assertThat(docs().count(Map.of("s", Map.of("$in", strings)))).isEqualTo(50);
		List<Object> mixed = new ArrayList<>(numbers);
		mixed.addAll(strings);
		assertThat(docs().count(Map.of("s", Map.of("$in", mixed)))).isEqualTo(50);
		docs().createIndex("n");
		assertThat(docs().count(Map.of("n", Map.of("$in", numbers)))).isEqualTo(100);
	}

	@Test
	void orAndAndWithTenThousandClauses() {
		docs().insertMany(List.of(Map.of("_id", "a", "n", 5, "m", 1), Map.of("_id", "b", "n", 20_000, "m", 2)));
		List<Object> equalities = IntStream.range(0, 10_000).<Object>mapToObj((i) -> Map.of("n", i)).toList();
		assertThat(DocsTestSupport.ids(docs().find(Map.of("$or", equalities)))).containsExactly("a");
		assertThat(DocsTestSupport.ids(docs().find(Map.of("$nor", equalities)))).containsExactly("b");
		List<Object> twoFields = IntStream.range(0, 10_000)
			.<Object>mapToObj((i) -> Map.of((i % 2 == 0) ? "n" : "m", i))
			.toList();
		assertThat(DocsTestSupport.ids(docs().find(Map.of("$or", twoFields)))).containsExactly("a");
		List<Object> all = IntStream.range(0, 1_000).<Object>mapToObj((i) -> Map.of("n", Map.of("$ne", -i))).toList();
		assertThat(docs().count(Map.of("$and", all))).isEqualTo(2);
	}

	@Test
	void filtersTooLargeForSqliteAreTypedErrors() {
		List<Object> ranges = IntStream.range(0, 10_000).<Object>mapToObj((i) -> Map.of("n", Map.of("$gt", i))).toList();
		assertThatExceptionOfType(InvalidFilterException.class).isThrownBy(() -> docs().find(Map.of("$or", ranges)))
			.withMessageContaining("more than SQLite's limit of 1000000")
			.withMessageContaining("$in");
	}

	@Test
	void filtersNestedBeyondTheLimitAreTypedErrors() {
		assertThatExceptionOfType(InvalidFilterException.class).isThrownBy(() -> docs().find(nestedAnd(1000)))
			.withMessageContaining("nested more than 100 levels");
		assertThatExceptionOfType(InvalidFilterException.class)
			.isThrownBy(() -> docs().find("{\"a\":" + "{\"$elemMatch\":".repeat(5000) + "{}" + "}".repeat(5001)))
			.withMessageContaining("filter");
		assertThatExceptionOfType(InvalidFilterException.class).isThrownBy(() -> docs().find(nestedNot(200)))
			.withMessageContaining("nested more than 100 levels");
	}

	@Test
	void filtersAtTheLimitRunInSqlite() {
		docs().insert(Map.of("_id", "x", "n", 1, "a", List.of(Map.of("a", List.of(Map.of("n", 1))))));
		// 100 levels: each $and adds an object and an array.
		assertThat(docs().count(nestedAnd(49))).isEqualTo(1);
		assertThat(docs().count(nestedNot(98))).isEqualTo(0);
		assertThat(docs().count(nestedElemMatch(2))).isEqualTo(1);
		assertThat(docs().count(nestedElemMatch(20))).isZero();
	}

	@Test
	void elemMatchNestedBeyondItsLimitIsATypedError() {
		assertThatExceptionOfType(InvalidFilterException.class).isThrownBy(() -> docs().find(nestedElemMatch(21)))
			.withMessageContaining("$elemMatch is nested more than 20 levels");
		// Combinations within the nesting limit that SQLite still cannot take get a typed error too.
		Map<String, Object> deep = nestedNot(30);
		for (int i = 0; i < 20; i++) {
			deep = Map.of("a", Map.of("$elemMatch", deep));
		}
		Map<String, Object> filter = deep;
		assertThatExceptionOfType(InvalidFilterException.class).isThrownBy(() -> docs().count(filter))
			.withMessageContaining("nests too deeply for SQLite");
	}

	@Test
	void documentsNestedBeyondTheLimitAreTypedErrors() {
		docs().insert(nested(100, "a", 1));
		assertThatExceptionOfType(InvalidDocumentException.class).isThrownBy(() -> docs().insert(nested(101, "a", 1)))
			.withMessageContaining("nested more than 100 levels");
		assertThatExceptionOfType(InvalidDocumentException.class)
			.isThrownBy(() -> docs().insert("[".repeat(100_000) + "]".repeat(100_000)))
			.withMessageContaining("document");
		assertThatExceptionOfType(InvalidDocumentException.class)
			.isThrownBy(() -> docs().insert("{\"a\":" + "[".repeat(300) + "]".repeat(300) + "}"))
			.withMessageContaining("nested more than 100 levels");
		ObjectNode deepTree = DocsTestSupport.MAPPER.createObjectNode();
		ObjectNode cursor = deepTree;
		for (int i = 0; i < 100_000; i++) {
			cursor = cursor.putObject("a");
		}
		assertThatExceptionOfType(InvalidDocumentException.class).isThrownBy(() -> docs().insert(deepTree));
		Map<String, Object> itself = new HashMap<>();
		itself.put("me", itself);
		assertThatExceptionOfType(InvalidDocumentException.class).isThrownBy(() -> docs().insert(itself))
			.withMessageContaining("contain itself");
		assertThat(docs().count(Map.of())).isEqualTo(1);
	}

	@Test
	void updatesNestedBeyondTheLimitAreTypedErrors() {
		docs().insert(Map.of("_id", "x"));
		assertThatExceptionOfType(InvalidUpdateException.class)
			.isThrownBy(() -> docs().update(Map.of(), Map.of("$set", Map.of("v", nested(100, "a", 1)))))
			.withMessageContaining("nested more than 100 levels");
		// Each update is within the limit, the document it would produce is not.
		docs().update(Map.of(), Map.of("$set", Map.of("v", nested(97, "a", 1))));
		assertThatExceptionOfType(InvalidUpdateException.class)
			.isThrownBy(() -> docs().update(Map.of(), Map.of("$set", Map.of(path(99), nested(2, "b", 1)))))
			.withMessageContaining("updated document");
		assertThat(docs().get("x").orElseThrow().toString()).doesNotContain("\"b\"");
	}

	/** SQLite's program for the filter, in opcodes: what grew exponentially with the path length before. */
	private long programSize(String path) throws Exception {
		SqlFragment where = docs().compile(Map.of(path, 1));
		PreparedStatement explain = this.database.context().connection()
			.prepareStatement("EXPLAIN SELECT count(*) FROM bh_docs WHERE collection = ? AND " + where.sql());
		explain.setString(1, "docs");
		for (int i = 0; i < where.params().size(); i++) {
			explain.setObject(i + 2, where.params().get(i));
		}
		long opcodes = 0;
		try (explain; ResultSet rows = explain.executeQuery()) {
			while (rows.next()) {
				opcodes++;
			}
		}
		return opcodes;
	}

	private static String path(int segments) {
		return String.join(".", Collections.nCopies(segments, "a"));
	}

	/** A document whose field {@code key} nests {@code levels} objects below the top-level one. */
	private static Map<String, Object> nested(int levels, String key, Object leaf) {
		Object value = leaf;
		for (int i = 0; i < levels - 1; i++) {
			value = Map.of(key, value);
		}
		Map<String, Object> document = new LinkedHashMap<>();
		document.put(key, value);
		return document;
	}

	private static Map<String, Object> nestedAnd(int levels) {
		Map<String, Object> filter = Map.of("n", 1);
		for (int i = 0; i < levels; i++) {
			filter = Map.of("$and", List.of(filter));
		}
		return filter;
	}

	private static Map<String, Object> nestedElemMatch(int levels) {
		Map<String, Object> filter = Map.of("n", 1);
		for (int i = 0; i < levels; i++) {
			filter = Map.of("a", Map.of("$elemMatch", filter));
		}
		return filter;
	}

	private static Map<String, Object> nestedNot(int levels) {
		Map<String, Object> condition = Map.of("$gt", 5);
		for (int i = 0; i < levels; i++) {
			condition = Map.of("$not", condition);
		}
		return Map.of("n", condition);
	}

}
