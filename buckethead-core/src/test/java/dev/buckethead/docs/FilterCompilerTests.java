package dev.buckethead.docs;

import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The filter compiler on its own: no database, only the SQL and parameters it produces and the errors it raises. */
class FilterCompilerTests {

	private final FilterCompiler compiler = new FilterCompiler();

	@Test
	void valuesAreBoundNotWrittenIntoSql() {
		SqlFragment sql = this.compiler.compile(DocsTestSupport.json("""
				{"name": "x' OR 1=1 --", "age": {"$gt": 5}, "tags": {"$in": ["a", 2.5]}}"""), "body");
		assertThat(sql.sql()).doesNotContain("OR 1=1").doesNotContain("2.5");
		// $in lists travel as one JSON array per kind of value.
		assertThat(sql.params()).containsExactly("x' OR 1=1 --", 5L, "[2.5]", "[\"a\"]");
	}

	@Test
	void fieldNamesAreQuotedJsonPathSegments() {
		SqlFragment sql = this.compiler.compile(DocsTestSupport.json("{\"it's\": 1}"), "body");
		assertThat(sql.sql()).contains("'$.\"it''s\"'");
	}

	@Test
	void arrayFreePathsReadTheIndexedExpressionDirectly() {
		SqlFragment sql = new FilterCompiler(Set.of("age")).compile(DocsTestSupport.json("{\"age\": 3}"), "body");
		assertThat(sql.sql()).contains("json_extract(body, '$.\"age\"') = ?").doesNotContain("json_each");
	}

	@Test
	void longListsCostOneParameterPerKindOfValue() {
		SqlFragment in = this.compiler.compile(DocsTestSupport.json("{\"n\": {\"$in\": [1, 2, 3, \"a\", \"b\"]}}"), "body");
		assertThat(in.params()).containsExactly("[1,2,3]", "[\"a\",\"b\"]");
		assertThat(in.sql()).containsOnlyOnce("EXISTS");
		SqlFragment or = this.compiler.compile(
				DocsTestSupport.json("{\"$or\": [{\"n\": 1}, {\"m\": 2}, {\"n\": 3}, {\"n\": {\"$gt\": 9}}]}"), "body");
		assertThat(or.params()).containsExactly(9L, "[1,3]", 2L);
	}

	@Test
	void aDottedPathIsOneSubSelectPerSegmentWithAFlatteningBarrier() {
		String sql = this.compiler.compile(DocsTestSupport.json("{\"a.b.c.d\": 1}"), "body").sql();
		// The first segment reads the document directly; each later one is a sub-select SQLite may not flatten.
		assertThat(sql.split("LIMIT -1 OFFSET 0", -1)).hasSize(2 * 3 + 1);
	}

	@Test
	void treesNestedBeyondTheLimitAreRefusedBeforeCompiling() {
		tools.jackson.databind.node.ObjectNode filter = DocsTestSupport.MAPPER.createObjectNode();
		tools.jackson.databind.node.ObjectNode cursor = filter;
		for (int i = 0; i < 100_000; i++) {
			cursor = cursor.putArray("$and").addObject();
		}
		assertThatExceptionOfType(InvalidFilterException.class).isThrownBy(() -> this.compiler.compile(filter, "body"))
			.withMessageContaining("nested more than 100 levels");
	}

	@Test
	void emptyFilterMatchesEverything() {
		assertThat(this.compiler.compile(DocsTestSupport.json("{}"), "body")).isEqualTo(SqlFragment.TRUE);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			{"$gt": 5}                                  | Operator $gt must be applied to a field
			{"$where": "1"}                             | Unknown top-level operator $where
			{"age": {"$foo": 1}}                        | Operator $foo on 'age' is not a supported operator
			{"age": {"$in": 5}}                         | Operator $in on 'age' needs an array
			{"age": {"$nin": "x"}}                      | Operator $nin on 'age' needs an array
			{"tags": {"$size": 1.5}}                    | Operator $size on 'tags' needs a non-negative integer
			{"tags": {"$size": "2"}}                    | Operator $size on 'tags' needs a non-negative integer
			{"$and": {"a": 1}}                          | $and needs a non-empty array
			{"$or": []}                                 | $or needs a non-empty array
			{"$nor": [1]}                               | $nor needs filter objects
			{"age": {"$type": "banana"}}                | Operator $type on 'age' does not know type "banana"
			{"age": {"$gt": {"a": 1}}}                  | Operator $gt on 'age' needs a number, string, boolean or null
			{"name": {"$regex": "("}}                   | Operator $regex on 'name' has an invalid pattern
			{"name": {"$regex": "a", "$options": "q"}}  | unknown option 'q'
			{"name": {"$options": "i"}}                 | Operator $options on 'name' is only allowed next to $regex
			{"name": {"$not": "x"}}                     | Operator $not on 'name' needs an operator object
			{"name": {"$exists": "yes"}}                | Operator $exists on 'name' needs true or false
			{"a": {"$gt": 1, "b": 2}}                   | The condition on 'a' mixes operators and field names
			{"a..b": 1}                                 | Field path 'a..b' has an empty segment
			{"a.$x": 1}                                 | has a segment starting with '$'
			{"a\\"b": 1}                                | cannot be used in a field path
			{"items": {"$elemMatch": 3}}                | Operator $elemMatch on 'items' needs an object
			{"items": {"$all": "x"}}                    | Operator $all on 'items' needs an array
			{"n": {"$mod": [2]}}                        | Operator $mod on 'n' needs an array of two numbers
			{"n": {"$type": 42}}                        | Operator $type on 'n' does not know type 42
			{"n": {"$in": [{"$ne": 1}]}}                | Operator $in on 'n' takes values and regular expressions
			""")
	void malformedFiltersNameTheOperatorAndPath(String filter, String message) {
		assertThatExceptionOfType(InvalidFilterException.class)
			.isThrownBy(() -> this.compiler.compile(DocsTestSupport.json(filter), "body"))
			.withMessageContaining(message);
	}

}
