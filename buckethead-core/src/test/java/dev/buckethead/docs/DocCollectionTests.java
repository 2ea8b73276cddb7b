package dev.buckethead.docs;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

import dev.buckethead.view.TestViewContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Storing, reading, updating and indexing documents on real SQLite. */
class DocCollectionTests {

	@TempDir
	Path directory;

	private TestViewContext context;

	private DocStore store;

	private DocCollection users;

	@BeforeEach
	void setUp() {
		this.context = DocsTestSupport.context(this.directory);
		this.store = new DocStore(this.context, DocsTestSupport.MAPPER);
		this.users = this.store.collection("users");
	}

	@AfterEach
	void tearDown() throws Exception {
		this.context.close();
	}

	record User(String name, int age, List<String> tags) {
	}

	@Test
	void insertWithoutIdAddsAGeneratedOne() {
		String id = this.users.insert(Map.of("name", "alice", "age", 30));
		ObjectNode stored = this.users.get(id).orElseThrow();
		assertThat(stored.get("_id").asString()).isEqualTo(id).hasSizeGreaterThan(30);
		assertThat(stored.get("name").asString()).isEqualTo("alice");
	}

	@Test
	void insertKeepsItsOwnIdWhetherStringOrNumber() {
		assertThat(this.users.insert("{\"_id\": 42, \"name\": \"n\"}")).isEqualTo("42");
		assertThat(this.users.insert(DocsTestSupport.json("{\"_id\": \"s\"}"))).isEqualTo("s");
		assertThat(this.users.get(42).orElseThrow().get("_id").isNumber()).isTrue();
		assertThat(this.users.find("{\"_id\": 42}")).hasSize(1);
	}

	@Test
	void idsAreTypedAsInMongoDb() {
		assertThat(this.users.insert("{\"_id\": 1.5, \"kind\": \"number\"}")).isEqualTo("1.5");
		assertThat(this.users.insert("{\"_id\": \"1.5\", \"kind\": \"string\"}")).isEqualTo("1.5");
		assertThat(this.users.get(1.5).orElseThrow().get("kind").asString()).isEqualTo("number");
		assertThat(this.users.get("1.5").orElseThrow().get("kind").asString()).isEqualTo("string");
		// 2, 2.0 and 2L are one number, so one id.
		this.users.insert(Map.of("_id", 2, "kind", "int"));
		assertThatExceptionOfType(DuplicateDocumentIdException.class)
			.isThrownBy(() -> this.users.insert("{\"_id\": 2.0}"));
		assertThat(this.users.get(2L).orElseThrow().get("kind").asString()).isEqualTo("int");
		assertThat(this.users.get(new java.math.BigDecimal("2.000"))).isPresent();
		assertThat(this.users.replace(1.5, Map.of("kind", "replaced"))).isTrue();
		assertThat(this.users.get("1.5").orElseThrow().get("kind").asString()).isEqualTo("string");
		assertThat(this.users.deleteById("1.5")).isTrue();
		assertThat(this.users.get(1.5).orElseThrow().get("kind").asString()).isEqualTo("replaced");
		assertThatExceptionOfType(InvalidDocumentException.class).isThrownBy(() -> this.users.insert(Map.of("_id", "\u0001x")))
			.withMessageContaining("U+0001");
		assertThatExceptionOfType(InvalidDocumentException.class).isThrownBy(() -> this.users.get(List.of(1)))
			.withMessageContaining("_id must be a string or a number");
	}

	@Test
	void databasesWrittenBeforeIdsWereTypedAreUpgradedOnce() throws Exception {
		// The old format: the id column held a numeric id's plain text, which a string id could collide with.
		try (java.sql.Statement sql = this.context.connection().createStatement()) {
			sql.execute("INSERT INTO bh_docs (collection, id, body) VALUES ('users', '42', '{\"_id\":42,\"n\":1}'),"
					+ " ('users', '7', '{\"_id\":\"7\",\"n\":2}'), ('users', '1', '{\"_id\":1,\"n\":3}'),"
					+ " ('users', '1.0', '{\"_id\":1.0,\"n\":4}'), ('users', '2.50', '{\"_id\":2.50,\"n\":5}')");
			sql.execute("DELETE FROM bh_docs_format");
		}
		DocCollection reopened = new DocStore(this.context, DocsTestSupport.MAPPER).collection("users");
		assertThat(reopened.get(42).orElseThrow().get("n").asInt()).isEqualTo(1);
		assertThat(reopened.get("42")).isEmpty();
		assertThat(reopened.get("7").orElseThrow().get("n").asInt()).isEqualTo(2);
		assertThat(reopened.get(2.5).orElseThrow().get("n").asInt()).isEqualTo(5);
		// 1 and 1.0 are now one id: the first keeps it, the second stays readable through filters.
		assertThat(reopened.get(1).orElseThrow().get("n").asInt()).isEqualTo(3);
		assertThat(reopened.count(Map.of("_id", 1))).isEqualTo(1);
		assertThat(reopened.count(Map.of("_id", Map.of("$in", List.of(1))))).isEqualTo(2);
		reopened.insert(Map.of("_id", "42", "n", 6));
		assertThat(reopened.get("42").orElseThrow().get("n").asInt()).isEqualTo(6);
		// Opening again finds the upgrade recorded and changes nothing.
		new DocStore(this.context, DocsTestSupport.MAPPER);
		assertThat(reopened.count(Map.of())).isEqualTo(6);
		assertThat(reopened.get(42)).isPresent();
	}

	@Test
	void duplicateIdIsRejectedAndInsertManyRollsBack() {
		this.users.insert(Map.of("_id", "a"));
		assertThatExceptionOfType(DuplicateDocumentIdException.class)
			.isThrownBy(() -> this.users.insert(Map.of("_id", "a")))
			.withMessageContaining("'users'")
			.withMessageContaining("'a'");
		assertThatExceptionOfType(DuplicateDocumentIdException.class)
			.isThrownBy(() -> this.users.insertMany(List.of(Map.of("_id", "b"), Map.of("_id", "a"))));
		assertThat(this.users.get("b")).isEmpty();
		assertThat(this.users.count(Map.of())).isEqualTo(1);
	}

	@Test
	void idMustBeStringOrNumber() {
		assertThatExceptionOfType(InvalidDocumentException.class)
			.isThrownBy(() -> this.users.insert("{\"_id\": true}"))
			.withMessageContaining("_id must be a string or a number");
	}

	@Test
	void typedMappingToRecordsAndMaps() {
		this.users.insert(new User("alice", 30, List.of("beta")));
		this.users.insert(new User("bob", 20, List.of()));
		List<User> adults = this.users.find(Map.of("age", Map.of("$gte", 21)), User.class);
		assertThat(adults).containsExactly(new User("alice", 30, List.of("beta")));
		String id = this.users.findOne("{\"name\": \"bob\"}").orElseThrow().get("_id").asString();
		@SuppressWarnings("unchecked")
		Map<String, Object> bob = this.users.get(id, Map.class).orElseThrow();
		assertThat(bob).containsEntry("name", "bob").containsEntry("age", 20).containsKey("_id");
	}

	@Test
	void sortSkipLimitAndMixedTypeOrder() {
		this.users.insertMany(List.of(Map.of("_id", "n1", "v", 2), Map.of("_id", "n2", "v", 10.5),
				Map.of("_id", "s", "v", "abc"), Map.of("_id", "m"), nullValue("z"), Map.of("_id", "n3", "v", 2)));
		FindOptions byValue = FindOptions.defaults().sortAscending("v").sortDescending("_id");
		assertThat(idsInOrder(this.users.find(Map.of(), byValue))).containsExactly("z", "m", "n3", "n1", "n2", "s");
		assertThat(idsInOrder(this.users.find(Map.of(), FindOptions.defaults().sortDescending("v"))))
			.containsExactly("s", "n2", "n1", "n3", "m", "z");
		assertThat(idsInOrder(this.users.find(Map.of(), byValue.skip(2).limit(3)))).containsExactly("n3", "n1", "n2");
	}

	@Test
	void projectionIncludesOrExcludes() {
		this.users.insert("{\"_id\": \"a\", \"name\": \"alice\", \"address\": {\"city\": \"Paris\", \"zip\": 1}, \"x\": 1}");
		ObjectNode included = this.users.find(Map.of(), FindOptions.defaults().include("name", "address.city")).get(0);
		assertThat(included.toString()).isEqualTo("{\"_id\":\"a\",\"name\":\"alice\",\"address\":{\"city\":\"Paris\"}}");
		ObjectNode excluded = this.users.find(Map.of(), FindOptions.defaults().exclude("_id", "address.zip", "x"))
			.get(0);
		assertThat(excluded.toString()).isEqualTo("{\"name\":\"alice\",\"address\":{\"city\":\"Paris\"}}");
		assertThatExceptionOfType(InvalidFilterException.class)
			.isThrownBy(() -> this.users.find(Map.of(), FindOptions.defaults().include("name").exclude("x")))
			.withMessageContaining("both include and exclude");
	}

	@Test
	void updateOperators() {
		this.users.insertMany(List.of("{\"_id\": \"a\", \"n\": 1, \"tags\": [\"x\", \"y\", \"x\"]}",
				"{\"_id\": \"b\", \"n\": 2.5}"));
		UpdateResult all = this.users.update(Map.of(), Map.of("$inc", Map.of("n", 1), "$set", Map.of("deep.er.v", true)));
		assertThat(all).isEqualTo(new UpdateResult(2, 2));
		assertThat(this.users.get("a").orElseThrow().toString())
			.isEqualTo("{\"_id\":\"a\",\"n\":2,\"tags\":[\"x\",\"y\",\"x\"],\"deep\":{\"er\":{\"v\":true}}}");
		assertThat(this.users.get("b").orElseThrow().get("n").asDouble()).isEqualTo(3.5);
		UpdateResult one = this.users.updateOne("{\"_id\": \"a\"}",
				"{\"$pull\": {\"tags\": \"x\"}, \"$push\": {\"more\": 1}, \"$unset\": {\"deep\": \"\"}}");
		assertThat(one).isEqualTo(new UpdateResult(1, 1));
		assertThat(this.users.get("a").orElseThrow().toString())
			.isEqualTo("{\"_id\":\"a\",\"n\":2,\"tags\":[\"y\"],\"more\":[1]}");
		assertThat(this.users.update("{\"_id\": \"a\"}", "{\"$set\": {\"n\": 2}}")).isEqualTo(new UpdateResult(1, 0));
		assertThat(this.users.update("{\"_id\": \"zz\"}", "{\"$set\": {\"n\": 2}}")).isEqualTo(new UpdateResult(0, 0));
	}

	@Test
	void upsertUpdateAndReplaceOne() {
		UpdateOptions upsert = UpdateOptions.defaults().upsert(true);
		UpdateResult inserted = this.users.update(Map.of("name", "dora", "age", Map.of("$gt", 1)),
				Map.of("$inc", Map.of("visits", 1)), upsert);
		assertThat(inserted.matched()).isZero();
		assertThat(inserted.upsertedId()).isNotNull();
		ObjectNode dora = this.users.get(inserted.upsertedId().asString()).orElseThrow();
		assertThat(dora.get("name").asString()).isEqualTo("dora");
		assertThat(dora.get("visits").asInt()).isEqualTo(1);
		assertThat(dora.has("age")).isFalse();
		assertThat(this.users.update(Map.of("name", "dora"), Map.of("$inc", Map.of("visits", 1)), upsert))
			.isEqualTo(new UpdateResult(1, 1));
		assertThat(this.users.update(Map.of("name", "nobody"), Map.of("$inc", Map.of("visits", 1))))
			.isEqualTo(new UpdateResult(0, 0));
		UpdateResult replaced = this.users.replaceOne(Map.of("name", "dora"), Map.of("name", "dora", "v", 2));
		assertThat(replaced).isEqualTo(new UpdateResult(1, 1));
		assertThat(this.users.get(inserted.upsertedId().asString()).orElseThrow().get("v").asInt()).isEqualTo(2);
		assertThat(this.users.replaceOne(Map.of("_id", 5), Map.of("w", 1), upsert).upsertedId().asInt()).isEqualTo(5);
		assertThat(this.users.get(5).orElseThrow().toString()).isEqualTo("{\"_id\":5,\"w\":1}");
		assertThatExceptionOfType(InvalidDocumentException.class)
			.isThrownBy(() -> this.users.replaceOne(Map.of("_id", 5), Map.of("_id", 6)))
			.withMessageContaining("cannot change _id");
	}

	@Test
	void findOneAndUpdateReplaceDelete() {
		this.users.insertMany(List.of("{\"_id\": \"a\", \"n\": 1, \"g\": \"x\"}",
				"{\"_id\": \"b\", \"n\": 5, \"g\": \"x\"}", "{\"_id\": \"c\", \"n\": 3, \"g\": \"y\"}"));
		FindOptions highestFirst = FindOptions.defaults().sortDescending("n");
		ObjectNode before = this.users.findOneAndUpdate(Map.of("g", "x"), Map.of("$inc", Map.of("n", 10))).orElseThrow();
		assertThat(before.toString()).isEqualTo("{\"_id\":\"a\",\"n\":1,\"g\":\"x\"}");
		assertThat(this.users.get("a").orElseThrow().get("n").asInt()).isEqualTo(11);
		ObjectNode after = this.users.findOneAndUpdate(Map.of("g", "x"), Map.of("$set", Map.of("top", true)),
				highestFirst.include("n"), UpdateOptions.defaults().returnDocument(ReturnDocument.AFTER))
			.orElseThrow();
		assertThat(after.toString()).isEqualTo("{\"_id\":\"a\",\"n\":11}");
		assertThat(this.users.get("a").orElseThrow().get("top").asBoolean()).isTrue();
		assertThat(this.users.findOneAndUpdate(Map.of("g", "z"), Map.of("$set", Map.of("n", 0)))).isEmpty();
		ObjectNode upserted = this.users.findOneAndUpdate(Map.of("_id", "z", "g", "z"), Map.of("$set", Map.of("n", 0)),
				FindOptions.defaults(), UpdateOptions.defaults().upsert(true).returnDocument(ReturnDocument.AFTER))
			.orElseThrow();
		assertThat(upserted.toString()).isEqualTo("{\"_id\":\"z\",\"g\":\"z\",\"n\":0}");
		assertThat(this.users.findOneAndUpdate(Map.of("_id", "y"), Map.of("$set", Map.of("n", 0)), FindOptions.defaults(),
				UpdateOptions.defaults().upsert(true))).isEmpty();
		assertThat(this.users.get("y")).isPresent();
		ObjectNode replacedBefore = this.users.findOneAndReplace(Map.of("g", "y"), Map.of("g", "w")).orElseThrow();
		assertThat(replacedBefore.get("n").asInt()).isEqualTo(3);
		assertThat(this.users.get("c").orElseThrow().toString()).isEqualTo("{\"_id\":\"c\",\"g\":\"w\"}");
		ObjectNode deleted = this.users.findOneAndDelete(Map.of("g", "x"), highestFirst.exclude("g")).orElseThrow();
		assertThat(deleted.toString()).isEqualTo("{\"_id\":\"a\",\"n\":11,\"top\":true}");
		assertThat(this.users.get("a")).isEmpty();
		assertThat(this.users.findOneAndDelete(Map.of("g", "nothing"))).isEmpty();
		assertThat(this.users.count(Map.of())).isEqualTo(4);
	}

	@Test
	void currentDateWritesTheClocksTimeAsAnIsoStringOrEpochMillis() {
		java.time.Instant now = java.time.Instant.parse("2024-05-01T10:15:30.250Z");
		DocCollection events = new DocStore(this.context, DocsTestSupport.MAPPER,
				java.time.Clock.fixed(now, java.time.ZoneOffset.UTC))
			.collection("events");
		events.insert(Map.of("_id", "e"));
		events.update(Map.of(), Map.of("$currentDate", Map.of("at", true, "when.ts", Map.of("$type", "timestamp"),
				"day", Map.of("$type", "date"))));
		ObjectNode event = events.get("e").orElseThrow();
		assertThat(event.get("at").asString()).isEqualTo("2024-05-01T10:15:30.250Z");
		assertThat(event.get("day").asString()).isEqualTo("2024-05-01T10:15:30.250Z");
		assertThat(event.get("when").get("ts").asLong()).isEqualTo(now.toEpochMilli());
	}

	@Test
	void pullConditionsMatchLikeFiltersAndUpdatesAreAppliedToEveryMatch() {
		this.users.insertMany(List.of("{\"_id\": \"a\", \"v\": [1, 2, 3], \"items\": [{\"k\": \"x\"}, {\"k\": \"y\"}]}",
				"{\"_id\": \"b\", \"v\": [4], \"items\": []}"));
		assertThat(this.users.update(Map.of(), Map.of("$pull", Map.of("v", Map.of("$gte", 2), "items",
				Map.of("k", Map.of("$in", List.of("x", "z")))))))
			.isEqualTo(new UpdateResult(2, 2));
		assertThat(this.users.get("a").orElseThrow().toString())
			.isEqualTo("{\"_id\":\"a\",\"v\":[1],\"items\":[{\"k\":\"y\"}]}");
		assertThat(this.users.get("b").orElseThrow().get("v").toString()).isEqualTo("[]");
		// Nothing left to pull: matched, not modified.
		assertThat(this.users.update(Map.of(), Map.of("$pull", Map.of("v", Map.of("$gte", 2)))))
			.isEqualTo(new UpdateResult(2, 0));
	}

	@Test
	void invalidUpdatesFailWithoutWriting() {
		this.users.insertMany(List.of(Map.of("_id", "a", "n", 1), Map.of("_id", "b", "n", "text")));
		assertThatExceptionOfType(InvalidUpdateException.class)
			.isThrownBy(() -> this.users.update(Map.of(), Map.of("$inc", Map.of("n", 1))))
			.withMessageContaining("$inc cannot add to 'n'");
		assertThat(this.users.get("a").orElseThrow().get("n").asInt()).isEqualTo(1);
		assertThatExceptionOfType(InvalidUpdateException.class)
			.isThrownBy(() -> this.users.update(Map.of(), Map.of("$push", Map.of("n", 1))))
			.withMessageContaining("$push cannot change 'n'");
		assertThatExceptionOfType(InvalidUpdateException.class)
			.isThrownBy(() -> this.users.update(Map.of(), Map.of("n", 1)))
			.withMessageContaining("Unknown update operator 'n'");
		assertThatExceptionOfType(InvalidUpdateException.class)
			.isThrownBy(() -> this.users.update(Map.of(), Map.of("$set", Map.of("_id", 1))))
			.withMessageContaining("cannot change _id");
	}

	@Test
	void replaceDeleteAndDeleteById() {
		this.users.insertMany(List.of(Map.of("_id", "a", "n", 1), Map.of("_id", "b", "n", 2), Map.of("_id", "c", "n", 3)));
		assertThat(this.users.replace("a", Map.of("m", 9))).isTrue();
		assertThat(this.users.get("a").orElseThrow().toString()).isEqualTo("{\"_id\":\"a\",\"m\":9}");
		assertThat(this.users.replace("nope", Map.of("m", 9))).isFalse();
		assertThat(this.users.delete("{\"n\": {\"$gte\": 2}}")).isEqualTo(2);
		assertThat(this.users.deleteById("a")).isTrue();
		assertThat(this.users.deleteById("a")).isFalse();
		assertThat(this.users.count(Map.of())).isZero();
	}

	@Test
	void findWhereRunsRawSqlOnTheBodyColumn() {
		this.users.insertMany(List.of(Map.of("_id", "a", "n", 1), Map.of("_id", "b", "n", 5)));
		assertThat(DocsTestSupport.ids(this.users.findWhere("json_extract(body, '$.n') > ?", 2))).containsExactly("b");
	}

	@Test
	void collectionsAreSeparateAndCanBeListedAndDropped() {
		this.users.insert(Map.of("_id", "a"));
		this.store.collection("it's \"odd\"; DROP TABLE bh_docs; --").insert(Map.of("_id", "a"));
		assertThat(this.store.collectionNames()).containsExactly("it's \"odd\"; DROP TABLE bh_docs; --", "users");
		assertThat(this.store.dropCollection("users")).isEqualTo(1);
		assertThat(this.store.collectionNames()).containsExactly("it's \"odd\"; DROP TABLE bh_docs; --");
		assertThat(this.users.get("a")).isEmpty();
	}

	@Test
	void invalidCollectionNamesAreRejected() {
		assertThatExceptionOfType(InvalidDocumentException.class).isThrownBy(() -> this.store.collection(""))
			.withMessageContaining("must not be empty");
		assertThatExceptionOfType(InvalidDocumentException.class)
			.isThrownBy(() -> this.store.collection("x".repeat(129)))
			.withMessageContaining("longer than 128");
		assertThatExceptionOfType(InvalidDocumentException.class).isThrownBy(() -> this.store.collection("a\nb"))
			.withMessageContaining("control characters");
	}

	@Test
	void hostileFieldNamesSortKeysAndProjectionsAreLiteralOrRejected() {
		this.users.insertMany(List.of(Map.of("_id", "a", "a') OR 1=1 --", 1, "x", 1), Map.of("_id", "b", "x", 2)));
		assertThat(DocsTestSupport.ids(this.users.find(Map.of("a') OR 1=1 --", 1)))).containsExactly("a");
		assertThat(this.users.find(Map.of("x') OR 1=1 --", 1))).isEmpty();
		assertThat(this.users.find(Map.of("x", "1' OR '1'='1"))).isEmpty();
		assertThatExceptionOfType(InvalidFilterException.class).isThrownBy(() -> this.users.find(Map.of("a\"b", 1)));
		assertThatExceptionOfType(InvalidFilterException.class).isThrownBy(() -> this.users.find(Map.of("$.x", 1)))
			.withMessageContaining("$.x");
		assertThatExceptionOfType(InvalidFilterException.class)
			.isThrownBy(() -> this.users.find(Map.of(), FindOptions.defaults().sortAscending("x\"); DROP TABLE bh_docs; --")));
		assertThat(idsInOrder(this.users.find(Map.of(), FindOptions.defaults().sortDescending("x'); DROP TABLE bh_docs; --"))))
			.containsExactly("a", "b");
		assertThat(this.users.find(Map.of(), FindOptions.defaults().include("x') --")).get(0).toString())
			.isEqualTo("{\"_id\":\"a\"}");
		assertThat(this.users.count(Map.of())).isEqualTo(2);
		assertThat(this.store.collectionNames()).containsExactly("users");
	}

	@Test
	void indexServesEqualityAndRangeFiltersOnItsPath() throws Exception {
		for (int i = 0; i < 50; i++) {
			this.users.insert(Map.of("profile", Map.of("age", i), "name", "u" + i));
		}
		this.users.createIndex("profile.age");
		String index = IndexCatalog.indexName("users", JsonPath.parse("profile.age"));
		assertThat(plan("{\"profile.age\": 7}")).contains("USING INDEX " + index + " (collection=? AND <expr>=?)");
		assertThat(plan("{\"profile.age\": {\"$gt\": 40}}"))
			.contains("USING INDEX " + index + " (collection=? AND <expr>>? AND <expr><?)");
		assertThat(this.users.count("{\"profile.age\": {\"$gt\": 40}}")).isEqualTo(9);
		assertThat(plan("{\"profile.age\": {\"$in\": [3, 7, 9]}}")).contains("USING INDEX " + index);
		assertThat(this.users.count("{\"profile.age\": {\"$in\": [3, 7, 9, 100]}}")).isEqualTo(3);
		assertThat(plan("{\"name\": \"u7\"}")).doesNotContain("<expr>");
		assertThat(plan("{\"_id\": \"u7\"}")).contains("USING INDEX sqlite_autoindex_bh_docs_1 (collection=? AND id=?)");
		// An array on the path makes per-element matching necessary, which the index cannot serve.
		this.users.insert(Map.of("profile", Map.of("age", List.of(3, 45))));
		assertThat(plan("{\"profile.age\": 7}")).doesNotContain("<expr>");
		assertThat(this.users.count("{\"profile.age\": {\"$gt\": 40}}")).isEqualTo(10);
		assertThat(this.users.dropIndex("profile.age")).isTrue();
		assertThat(this.users.dropIndex("profile.age")).isFalse();
	}

	@Test
	void tablesAreRecreatedAfterTheDatabaseIsReplaced() throws Exception {
		this.users.insert(Map.of("_id", "a"));
		this.users.createIndex("n");
		this.context.replaceWithEmptyDatabase();
		assertThat(this.users.get("a")).isEmpty();
		this.users.insert(Map.of("_id", "b", "n", 1));
		assertThat(DocsTestSupport.ids(this.users.find("{\"n\": 1}"))).containsExactly("b");
		assertThat(this.store.collectionNames()).containsExactly("users");
	}

	private String plan(String filter) throws Exception {
		SqlFragment where = this.users.findQuery(this.users.compile(filter), FindOptions.defaults());
		PreparedStatement statement = this.context.connection().prepareStatement("EXPLAIN QUERY PLAN " + where.sql());
		statement.setString(1, "users");
		for (int i = 0; i < where.params().size(); i++) {
			statement.setObject(i + 2, where.params().get(i));
		}
		StringBuilder plan = new StringBuilder();
		try (statement; ResultSet rows = statement.executeQuery()) {
			while (rows.next()) {
				plan.append(rows.getString("detail")).append('\n');
			}
		}
		return plan.toString();
	}

	private static Map<String, Object> nullValue(String id) {
		Map<String, Object> document = new LinkedHashMap<>();
		document.put("_id", id);
		document.put("v", null);
		return document;
	}

	private static List<String> idsInOrder(List<ObjectNode> documents) {
		List<String> ids = new ArrayList<>();
		documents.forEach((document) -> ids.add(document.get("_id").asString()));
		return ids;
	}

}
