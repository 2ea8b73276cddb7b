package dev.buckethead.docs;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One named collection of a {@link DocStore}. Documents go in as an {@link ObjectNode}, a {@link java.util.Map}, a
 * JSON string, or any record or POJO the store's mapper can write; they come out as {@link ObjectNode}s or mapped
 * to a type ({@code find(filter, User.class)}, {@code get(id, Map.class)}). Values that are not JSON (a
 * {@code Thread}, a stream, a map that contains itself, NaN) are refused; see {@link JsonInput}.
 * <p>
 * Filters (an {@code ObjectNode}, {@code Map} or JSON string) use MongoDB query semantics; see
 * {@link FilterCompiler}. They are compiled to SQL with every value bound as a parameter. Queries whose SQL depends
 * on the filter's shape are prepared per call rather than through the per-thread statement cache, which would
 * otherwise grow with every distinct filter an application ever runs.
 * <p>
 * Updates use MongoDB's update operators ({@link DocumentUpdater}); every change, including an upsert and the
 * {@code findOneAnd...} methods, runs in one transaction, and an invalid update fails before anything is written.
 */
public final class DocCollection {

	private static final String BODY = "bh_docs.body";

	private static final String GET = "SELECT body FROM bh_docs WHERE collection = ? AND id = ?";

	private static final String INSERT = "INSERT INTO bh_docs (collection, id, body) VALUES (?, ?, ?)";

	private static final String UPDATE = "UPDATE bh_docs SET body = ? WHERE collection = ? AND id = ?";

	private static final String DELETE_ID = "DELETE FROM bh_docs WHERE collection = ? AND id = ?";

	private static final String BODIES = "SELECT body FROM bh_docs WHERE collection = ?";

	/** SQLite's limit on the length of one statement, as sqlite-jdbc builds it (SQLITE_MAX_SQL_LENGTH). */
	private static final int MAX_SQL_LENGTH = 1_000_000;

	private final DocStore store;

	private final String name;

	private final DocumentCodec codec;

	private final IndexCatalog indexes;

	private final Clock clock;

	DocCollection(DocStore store, String name, DocumentCodec codec, IndexCatalog indexes, Clock clock) {
		this.store = store;
		this.name = name;
		this.codec = codec;
		this.indexes = indexes;
		this.clock = clock;
	}

	public String name() {
		return this.name;
	}

	/**
	 * Stores a document and returns its id: its own {@code _id}, or a new UUID added to it as {@code _id}. A numeric
	 * id comes back as its number's text ({@code "42"}); look it up by the number, {@code get(42)}.
	 */
	public String insert(Object document) {
		ObjectNode prepared = DocumentCodec.withId(this.codec.document(document));
		return this.store.transaction((connection) -> insert(connection, prepared, arrayFreePaths()));
	}

	/** Stores all documents in one transaction: all of them or, on any error, none. */
	public List<String> insertMany(List<?> documents) {
		List<ObjectNode> prepared = documents.stream()
			.map((document) -> DocumentCodec.withId(this.codec.document(document)))
			.toList();
		return this.store.transaction((connection) -> {
			Set<String> arrayFree = arrayFreePaths();
			List<String> ids = new ArrayList<>();
			for (ObjectNode document : prepared) {
				ids.add(insert(connection, document, arrayFree));
			}
			return ids;
		});
	}

	private String insert(Connection connection, ObjectNode document, Set<String> arrayFree) throws SQLException {
		JsonNode id = document.get(DocumentCodec.ID);
		PreparedStatement insert = this.store.prepare(INSERT);
		insert.setString(1, this.name);
		insert.setString(2, DocumentCodec.key(id));
		insert.setString(3, this.codec.write(document));
		try {
			insert.executeUpdate();
		}
		catch (SQLiteException ex) {
			if (ex.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY) {
				throw new DuplicateDocumentIdException(this.name, DocumentCodec.text(id));
			}
			throw ex;
		}
		this.indexes.noteWritten(connection, this.name, arrayFree, document);
		return DocumentCodec.text(id);
	}

	/** The document whose {@code _id} is {@code id}: a string or a number ({@code "42"} and {@code 42} differ). */
	public Optional<ObjectNode> get(Object id) {
		String key = DocumentCodec.key(this.codec.id(id));
		try {
			PreparedStatement query = this.store.prepare(GET);
			query.setString(1, this.name);
			query.setString(2, key);
			try (ResultSet rows = query.executeQuery()) {
				return rows.next() ? Optional.of(this.codec.read(rows.getString(1))) : Optional.empty();
			}
		}
		catch (SQLException ex) {
			throw this.store.error("get document '" + id + "' from collection '" + this.name + "'", ex);
		}
	}

	public <T> Optional<T> get(Object id, Class<T> type) {
		return get(id).map((document) -> this.codec.convert(document, type));
	}

	public List<ObjectNode> find(Object filter) {
		return find(filter, FindOptions.defaults());
	}

	public List<ObjectNode> find(Object filter, FindOptions options) {
		Projection projection = options.projection();
		return find(compile(filter), options).stream().map(projection::apply).toList();
	}

	private List<ObjectNode> find(SqlFragment where, FindOptions options) {
		SqlFragment query = findQuery(where, options);
		return query(query.sql(), query.params());
	}

	/**
	 * The query {@code find} runs. Results are ordered by id only when sorting or paging asks for an order: an
	 * {@code ORDER BY id} on every query would lead SQLite to walk the primary key to avoid a sort instead of
	 * using an index on the filtered field.
	 */
	SqlFragment findQuery(SqlFragment where, FindOptions options) {
		StringBuilder sql = new StringBuilder("SELECT id, body FROM bh_docs WHERE collection = ? AND ").append(where.sql());
		if (!options.sortKeys().isEmpty() || options.skip() > 0 || options.limit() != null) {
			sql.append(" ORDER BY ").append(SortTerms.orderBy(options.sortKeys(), BODY, arrayFreePaths())).append("id");
		}
		sql.append(" LIMIT ? OFFSET ?");
		List<Object> params = new ArrayList<>(where.params());
		params.add((options.limit() != null) ? options.limit() : -1L);
		params.add(options.skip());
		return new SqlFragment(sql.toString(), params);
	}

	public <T> List<T> find(Object filter, Class<T> type) {
		return find(filter, FindOptions.defaults(), type);
	}

	public <T> List<T> find(Object filter, FindOptions options, Class<T> type) {
		return find(filter, options).stream().map((document) -> this.codec.convert(document, type)).toList();
	}

	public Optional<ObjectNode> findOne(Object filter) {
		return find(filter, FindOptions.defaults().limit(1)).stream().findFirst();
	}

	public <T> Optional<T> findOne(Object filter, Class<T> type) {
		return findOne(filter).map((document) -> this.codec.convert(document, type));
	}

	/**
	 * The escape hatch: documents matching a raw SQL condition, for what the filter language cannot say. The
	 * condition is evaluated against table {@code bh_docs}, whose {@code body} column holds each document's JSON
	 * text, e.g. {@code findWhere("json_extract(body, '$.age') BETWEEN ? AND ?", 18, 65)}. Unlike filters, the
	 * condition is SQL: never build it from untrusted input; pass values as {@code params}.
	 */
	public List<ObjectNode> findWhere(String sqlCondition, Object... params) {
		List<Object> all = new ArrayList<>(List.of(params));
		return query("SELECT id, body FROM bh_docs WHERE collection = ? AND (" + sqlCondition + ") ORDER BY id", all);
	}

	public long count(Object filter) {
		SqlFragment where = compile(filter);
		String sql = "SELECT count(*) FROM bh_docs WHERE collection = ? AND " + where.sql();
		return run(sql, where.params(), "count documents", (statement) -> {
			try (ResultSet rows = statement.executeQuery()) {
				rows.next();
				return rows.getLong(1);
			}
		});
	}

	/** Applies {@code update} (MongoDB update operators, see {@link DocumentUpdater}) to every match. */
	public UpdateResult update(Object filter, Object update) {
		return update(filter, update, UpdateOptions.defaults());
	}

	/** Applies {@code update} to every match; with {@link UpdateOptions#upsert}, inserts one document if none. */
	public UpdateResult update(Object filter, Object update, UpdateOptions options) {
		return modify(filter, FindOptions.defaults(), updating(update), options).result();
	}

	/** Applies {@code update} to the first match in id order. */
	public UpdateResult updateOne(Object filter, Object update) {
		return updateOne(filter, update, UpdateOptions.defaults());
	}

	/** Applies {@code update} to the first match in id order; with {@link UpdateOptions#upsert}, inserts if none. */
	public UpdateResult updateOne(Object filter, Object update, UpdateOptions options) {
		return modify(filter, FindOptions.defaults().limit(1), updating(update), options).result();
	}

	/**
	 * Replaces the document with id {@code id} by {@code document}, keeping its {@code _id}; false if there is no
	 * such document. A {@code _id} in {@code document} must match.
	 */
	public boolean replace(Object id, Object document) {
		JsonNode typedId = this.codec.id(id);
		ObjectNode filter = JsonValues.NODES.objectNode().set(DocumentCodec.ID, typedId);
		return replaceOne(filter, document).matched() > 0;
	}

	/** Replaces the first match in id order by {@code replacement}, which keeps the match's {@code _id}. */
	public UpdateResult replaceOne(Object filter, Object replacement) {
		return replaceOne(filter, replacement, UpdateOptions.defaults());
	}

	/** Like {@link #replaceOne(Object, Object)}; with {@link UpdateOptions#upsert}, inserts the replacement if none. */
	public UpdateResult replaceOne(Object filter, Object replacement, UpdateOptions options) {
		return modify(filter, FindOptions.defaults().limit(1), replacing(replacement), options).result();
	}

	/** Updates the first match and returns it as it was before; empty when nothing matched. */
	public Optional<ObjectNode> findOneAndUpdate(Object filter, Object update) {
		return findOneAndUpdate(filter, update, FindOptions.defaults(), UpdateOptions.defaults());
	}

	/**
	 * Updates the first match in {@code find}'s order for {@code select} (its sort; its projection shapes the
	 * result) and returns it before or after the update ({@link UpdateOptions#returnDocument}), or the document an
	 * upsert inserted when returning after.
	 */
	public Optional<ObjectNode> findOneAndUpdate(Object filter, Object update, FindOptions select,
			UpdateOptions options) {
		return modify(filter, select.limit(1), updating(update), options).returned(options, select.projection());
	}

	/** Replaces the first match and returns it as it was before; empty when nothing matched. */
	public Optional<ObjectNode> findOneAndReplace(Object filter, Object replacement) {
		return findOneAndReplace(filter, replacement, FindOptions.defaults(), UpdateOptions.defaults());
	}

	/** Like {@link #findOneAndUpdate(Object, Object, FindOptions, UpdateOptions)}, replacing the document. */
	public Optional<ObjectNode> findOneAndReplace(Object filter, Object replacement, FindOptions select,
			UpdateOptions options) {
		return modify(filter, select.limit(1), replacing(replacement), options).returned(options, select.projection());
	}

	/** Deletes the first match in id order and returns it; empty when nothing matched. */
	public Optional<ObjectNode> findOneAndDelete(Object filter) {
		return findOneAndDelete(filter, FindOptions.defaults());
	}

	/** Deletes the first match in {@code find}'s order for {@code select} and returns it, shaped by its projection. */
	public Optional<ObjectNode> findOneAndDelete(Object filter, FindOptions select) {
		SqlFragment where = compile(filter);
		return this.store.transaction((connection) -> {
			Optional<ObjectNode> first = find(where, select.limit(1)).stream().findFirst();
			if (first.isPresent()) {
				deleteKey(DocumentCodec.key(first.get().get(DocumentCodec.ID)));
			}
			return first.map(select.projection()::apply);
		});
	}

	/** What a modification does to a matching document, and what it inserts when upserting. */
	private interface Change {

		ObjectNode apply(ObjectNode document);

		ObjectNode insert(ObjectNode filter);

	}

	private Change updating(Object update) {
		DocumentUpdater updater = new DocumentUpdater(this.codec.update(update), this.clock);
		return new Change() {

			@Override
			public ObjectNode apply(ObjectNode document) {
				return updater.apply(document, false, DocCollection.this::matching);
			}

			@Override
			public ObjectNode insert(ObjectNode filter) {
				return updater.apply(UpsertSeed.from(filter), true, DocCollection.this::matching);
			}

		};
	}

	private Change replacing(Object replacement) {
		ObjectNode document = this.codec.document(replacement);
		JsonNode ownId = document.get(DocumentCodec.ID);
		return new Change() {

			@Override
			public ObjectNode apply(ObjectNode existing) {
				return withId(existing.get(DocumentCodec.ID), "the document it replaces");
			}

			@Override
			public ObjectNode insert(ObjectNode filter) {
				JsonNode filterId = UpsertSeed.from(filter).get(DocumentCodec.ID);
				return (filterId != null) ? withId(filterId, "the filter") : DocumentCodec.withId(document);
			}

			private ObjectNode withId(JsonNode id, String source) {
				if (ownId != null && !DocumentCodec.key(ownId).equals(DocumentCodec.key(id))) {
					throw new InvalidDocumentException("A replacement cannot change _id: it has " + ownId + ", "
							+ source + " has " + id);
				}
				ObjectNode result = document.deepCopy();
				result.set(DocumentCodec.ID, id);
				return DocumentCodec.withId(result);
			}

		};
	}

	/** What a modification did: counts, and the first document before and after (for {@code findOneAnd...}). */
	private record Outcome(long matched, long modified, @Nullable ObjectNode before, @Nullable ObjectNode after,
			boolean upserted) {

		UpdateResult result() {
			return new UpdateResult(this.matched, this.modified,
					(this.upserted && this.after != null) ? this.after.get(DocumentCodec.ID) : null);
		}

		Optional<ObjectNode> returned(UpdateOptions options, Projection projection) {
			ObjectNode which = (options.whichDocument() == ReturnDocument.AFTER) ? this.after : this.before;
			return Optional.ofNullable(which).map(projection::apply);
		}

	}

	private Outcome modify(Object filter, FindOptions select, Change change, UpdateOptions options) {
		ObjectNode parsed = this.codec.filter(filter);
		SqlFragment where = compileParsed(parsed);
		return this.store.transaction((connection) -> {
			List<ObjectNode> matches = find(where, select);
			Set<String> arrayFree = arrayFreePaths();
			if (matches.isEmpty() && options.isUpsert()) {
				ObjectNode inserted = DocumentCodec.withId(change.insert(parsed));
				JsonInput.check(inserted, JsonInput.Kind.UPDATED);
				insert(connection, inserted, arrayFree);
				return new Outcome(0, 0, null, inserted, true);
			}
			long modified = 0;
			ObjectNode after = null;
			for (ObjectNode document : matches) {
				ObjectNode changed = change.apply(document);
				JsonInput.check(changed, JsonInput.Kind.UPDATED);
				if (!changed.equals(document)) {
					write(connection, changed, arrayFree);
					modified++;
				}
				after = (after != null) ? after : changed;
			}
			return new Outcome(matches.size(), modified, matches.isEmpty() ? null : matches.get(0), after, false);
		});
	}

	private void write(Connection connection, ObjectNode document, Set<String> arrayFree) throws SQLException {
		PreparedStatement update = this.store.prepare(UPDATE);
		update.setString(1, this.codec.write(document));
		update.setString(2, this.name);
		update.setString(3, DocumentCodec.key(document.get(DocumentCodec.ID)));
		update.executeUpdate();
		this.indexes.noteWritten(connection, this.name, arrayFree, document);
	}

	/** The positions of the elements of {@code array} that satisfy a compiled {@code $pull} condition. */
	private Set<Integer> matching(SqlFragment condition, ArrayNode array) {
		String alias = ArrayOperators.ELEMENT;
		String sql = "SELECT " + alias + ".key FROM json_each(?) " + alias + " WHERE " + condition.sql();
		List<Object> params = new ArrayList<>();
		params.add(this.codec.write(array));
		params.addAll(condition.params());
		return execute(sql, params, "match array elements for $pull", (statement) -> {
			Set<Integer> positions = new HashSet<>();
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					positions.add(rows.getInt(1));
				}
			}
			return positions;
		});
	}

	/** Deletes every document matching {@code filter}; returns how many. */
	public long delete(Object filter) {
		SqlFragment where = compile(filter);
		return run("DELETE FROM bh_docs WHERE collection = ? AND " + where.sql(), where.params(), "delete documents",
				(statement) -> (long) statement.executeUpdate());
	}

	/** Deletes the document whose {@code _id} is {@code id} (a string or a number); false if there was none. */
	public boolean deleteById(Object id) {
		return deleteKey(DocumentCodec.key(this.codec.id(id)));
	}

	private boolean deleteKey(String key) {
		try {
			PreparedStatement delete = this.store.prepare(DELETE_ID);
			delete.setString(1, this.name);
			delete.setString(2, key);
			return delete.executeUpdate() > 0;
		}
		catch (SQLException ex) {
			throw this.store.error("delete a document from collection '" + this.name + "'", ex);
		}
	}

	/**
	 * Creates an expression index on {@code path} (idempotent). Equality and range filters on the path use it as
	 * long as no document holds an array along the path; see {@link IndexCatalog}.
	 */
	public void createIndex(String path) {
		JsonPath parsed = JsonPath.parse(path);
		this.store.transaction((connection) -> {
			List<JsonNode> documents = new ArrayList<>();
			PreparedStatement bodies = this.store.prepare(BODIES);
			bodies.setString(1, this.name);
			try (ResultSet rows = bodies.executeQuery()) {
				while (rows.next()) {
					documents.add(this.codec.read(rows.getString(1)));
				}
			}
			this.indexes.create(connection, this.name, parsed, documents);
			return null;
		});
	}

	/** Drops the index on {@code path}; false if there was none. */
	public boolean dropIndex(String path) {
		JsonPath parsed = JsonPath.parse(path);
		return this.store.transaction((connection) -> this.indexes.drop(connection, this.name, parsed));
	}

	/** The SQL this collection runs for {@code filter}: for tests and for reading query plans. */
	SqlFragment compile(Object filter) {
		return compileParsed(this.codec.filter(filter));
	}

	/**
	 * The filter as SQL. A filter that is only {@code {"_id": <string or number>}} reads the primary key, as
	 * MongoDB's {@code _id} index serves it; the typed id key makes that the same as comparing the body's
	 * {@code _id}.
	 */
	private SqlFragment compileParsed(ObjectNode filter) {
		JsonNode id = (filter.size() == 1) ? filter.get(DocumentCodec.ID) : null;
		if (id != null && (id.isString() || id.isNumber())) {
			try {
				return SqlFragment.of("bh_docs.id = ?", DocumentCodec.key(id));
			}
			catch (InvalidDocumentException ex) {
				// Not a key any document can have (a string starting with U+0001): compile it as any filter.
			}
		}
		return new FilterCompiler(arrayFreePaths()).compileChecked(filter, BODY);
	}

	private Set<String> arrayFreePaths() {
		try {
			return this.indexes.arrayFreePaths(this.store.prepare(IndexCatalog.arrayFreeQuery()), this.name);
		}
		catch (SQLException ex) {
			throw this.store.error("read the indexes of collection '" + this.name + "'", ex);
		}
	}

	private List<ObjectNode> query(String sql, List<Object> params) {
		return run(sql, params, "find documents", (statement) -> {
			List<ObjectNode> documents = new ArrayList<>();
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					documents.add(this.codec.read(rows.getString(2)));
				}
			}
			return documents;
		});
	}

	/** Runs one-off SQL whose first parameter is this collection's name, followed by {@code params}. */
	private <T> T run(String sql, List<Object> params, String doing, Execution<T> execution) {
		List<Object> all = new ArrayList<>(params.size() + 1);
		all.add(this.name);
		all.addAll(params);
		return execute(sql, all, doing, execution);
	}

	private <T> T execute(String sql, List<Object> params, String doing, Execution<T> execution) {
		if (sql.length() > MAX_SQL_LENGTH) {
			throw new InvalidFilterException("The filter is too large: it compiles to " + sql.length()
					+ " characters of SQL, more than SQLite's limit of " + MAX_SQL_LENGTH + " (about 2,000 conditions"
					+ " outside value lists); put long lists of values in $in, which costs one parameter however long");
		}
		Connection connection = this.store.connection();
		try {
			RegexFunction.register(connection);
			try (PreparedStatement statement = connection.prepareStatement(sql)) {
				for (int i = 0; i < params.size(); i++) {
					statement.setObject(i + 1, params.get(i));
				}
				return execution.run(statement);
			}
		}
		catch (SQLException ex) {
			if (String.valueOf(ex.getMessage()).contains("Expression tree is too large")) {
				throw new InvalidFilterException("The filter nests too deeply for SQLite, which allows expressions"
						+ " 1,000 levels deep (nested $elemMatch, $not, $or and $and count); flatten it");
			}
			throw this.store.error(doing + " in collection '" + this.name + "' with parameters " + describe(params), ex);
		}
	}

	/** The first parameters, each shortened: a filter may carry thousands, too many for a message. */
	private static String describe(List<Object> params) {
		String shown = params.stream()
			.limit(10)
			.map((param) -> {
				String text = String.valueOf(param);
				return (text.length() > 100) ? text.substring(0, 100) + "..." : text;
			})
			.collect(Collectors.joining(", ", "[", ""));
		return shown + ((params.size() > 10) ? ", ... " + (params.size() - 10) + " more]" : "]");
	}

	@FunctionalInterface
	private interface Execution<T> {

		T run(PreparedStatement statement) throws SQLException;

	}

}
