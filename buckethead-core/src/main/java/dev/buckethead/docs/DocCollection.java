package dev.buckethead.docs;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One named collection of a {@link DocStore}. Documents go in as an {@link ObjectNode}, a {@link java.util.Map}, a
 * JSON string, or any record or POJO the store's mapper can write; they come out as {@link ObjectNode}s or mapped
 * to a type ({@code find(filter, User.class)}, {@code get(id, Map.class)}).
 * <p>
 * Filters (an {@code ObjectNode}, {@code Map} or JSON string) use MongoDB query semantics; see
 * {@link FilterCompiler}. They are compiled to SQL with every value bound as a parameter. Queries whose SQL depends
 * on the filter's shape are prepared per call rather than through the per-thread statement cache, which would
 * otherwise grow with every distinct filter an application ever runs.
 */
public final class DocCollection {

	private static final String BODY = "bh_docs.body";

	private static final String GET = "SELECT body FROM bh_docs WHERE collection = ? AND id = ?";

	private static final String INSERT = "INSERT INTO bh_docs (collection, id, body) VALUES (?, ?, ?)";

	private static final String UPDATE = "UPDATE bh_docs SET body = ? WHERE collection = ? AND id = ?";

	private static final String DELETE_ID = "DELETE FROM bh_docs WHERE collection = ? AND id = ?";

	private static final String BODIES = "SELECT body FROM bh_docs WHERE collection = ?";

	private final DocStore store;

	private final String name;

	private final DocumentCodec codec;

	private final IndexCatalog indexes;

	DocCollection(DocStore store, String name, DocumentCodec codec, IndexCatalog indexes) {
		this.store = store;
		this.name = name;
		this.codec = codec;
		this.indexes = indexes;
	}

	public String name() {
		return this.name;
	}

	/** Stores a document and returns its id: its own {@code _id}, or a new UUID added to it as {@code _id}. */
	public String insert(Object document) {
		ObjectNode prepared = this.codec.withId(this.codec.toObject(document, "document"));
		return this.store.transaction((connection) -> insert(connection, prepared, arrayFreePaths()));
	}

	/** Stores all documents in one transaction: all of them or, on any error, none. */
	public List<String> insertMany(List<?> documents) {
		List<ObjectNode> prepared = documents.stream()
			.map((document) -> this.codec.withId(this.codec.toObject(document, "document")))
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
		String id = DocumentCodec.idText(document.get(DocumentCodec.ID));
		PreparedStatement insert = this.store.prepare(INSERT);
		insert.setString(1, this.name);
		insert.setString(2, id);
		insert.setString(3, this.codec.write(document));
		try {
			insert.executeUpdate();
		}
		catch (SQLiteException ex) {
			if (ex.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY) {
				throw new DuplicateDocumentIdException(this.name, id);
			}
			throw ex;
		}
		this.indexes.noteWritten(connection, this.name, arrayFree, document);
		return id;
	}

	public Optional<ObjectNode> get(String id) {
		try {
			PreparedStatement query = this.store.prepare(GET);
			query.setString(1, this.name);
			query.setString(2, id);
			try (ResultSet rows = query.executeQuery()) {
				return rows.next() ? Optional.of(this.codec.read(rows.getString(1))) : Optional.empty();
			}
		}
		catch (SQLException ex) {
			throw this.store.error("get document '" + id + "' from collection '" + this.name + "'", ex);
		}
	}

	public <T> Optional<T> get(String id, Class<T> type) {
		return get(id).map((document) -> this.codec.convert(document, type));
	}

	public List<ObjectNode> find(Object filter) {
		return find(filter, FindOptions.defaults());
	}

	public List<ObjectNode> find(Object filter, FindOptions options) {
		SqlFragment query = findQuery(compile(filter), options);
		Projection projection = options.projection();
		return query(query.sql(), query.params()).stream().map(projection::apply).toList();
	}

	/**
	 * The query {@code find} runs. Results are ordered by id only when sorting or paging asks for an order: an
	 * {@code ORDER BY id} on every query would lead SQLite to walk the primary key to avoid a sort instead of
	 * using an index on the filtered field.
	 */
	SqlFragment findQuery(SqlFragment where, FindOptions options) {
		StringBuilder sql = new StringBuilder("SELECT id, body FROM bh_docs WHERE collection = ? AND ").append(where.sql());
		if (!options.sortKeys().isEmpty() || options.skip() > 0 || options.limit() != null) {
			sql.append(" ORDER BY ");
			for (FindOptions.SortKey key : options.sortKeys()) {
				sql.append(key.toSql(BODY)).append(", ");
			}
			sql.append("id");
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

	/** Applies {@code update} ({@code $set}, {@code $unset}, {@code $inc}, {@code $push}, {@code $pull}) to every match. */
	public UpdateResult update(Object filter, Object update) {
		return update(filter, update, FindOptions.defaults());
	}

	/** Applies {@code update} to the first match in id order. */
	public UpdateResult updateOne(Object filter, Object update) {
		return update(filter, update, FindOptions.defaults().limit(1));
	}

	private UpdateResult update(Object filter, Object update, FindOptions options) {
		DocumentUpdater updater = new DocumentUpdater(this.codec.toObject(update, "update"));
		return this.store.transaction((connection) -> {
			List<ObjectNode> matches = find(filter, options);
			Set<String> arrayFree = arrayFreePaths();
			long modified = 0;
			for (ObjectNode document : matches) {
				ObjectNode changed = updater.apply(document);
				if (!changed.equals(document)) {
					write(connection, changed, arrayFree);
					modified++;
				}
			}
			return new UpdateResult(matches.size(), modified);
		});
	}

	/**
	 * Replaces the document with id {@code id} by {@code document}, keeping its {@code _id}; false if there is no
	 * such document. A {@code _id} in {@code document} must match.
	 */
	public boolean replace(String id, Object document) {
		ObjectNode replacement = this.codec.toObject(document, "document");
		JsonNode newId = replacement.get(DocumentCodec.ID);
		if (newId != null && !DocumentCodec.idText(newId).equals(id)) {
			throw new InvalidDocumentException("replace() cannot change _id of document '" + id + "' in collection '"
					+ this.name + "' to " + newId);
		}
		return this.store.transaction((connection) -> {
			Optional<ObjectNode> existing = get(id);
			if (existing.isEmpty()) {
				return false;
			}
			replacement.set(DocumentCodec.ID, existing.get().get(DocumentCodec.ID));
			write(connection, this.codec.withId(replacement), arrayFreePaths());
			return true;
		});
	}

	private void write(Connection connection, ObjectNode document, Set<String> arrayFree) throws SQLException {
		PreparedStatement update = this.store.prepare(UPDATE);
		update.setString(1, this.codec.write(document));
		update.setString(2, this.name);
		update.setString(3, DocumentCodec.idText(document.get(DocumentCodec.ID)));
		update.executeUpdate();
		this.indexes.noteWritten(connection, this.name, arrayFree, document);
	}

	/** Deletes every document matching {@code filter}; returns how many. */
	public long delete(Object filter) {
		SqlFragment where = compile(filter);
		return run("DELETE FROM bh_docs WHERE collection = ? AND " + where.sql(), where.params(), "delete documents",
				(statement) -> (long) statement.executeUpdate());
	}

	public boolean deleteById(String id) {
		try {
			PreparedStatement delete = this.store.prepare(DELETE_ID);
			delete.setString(1, this.name);
			delete.setString(2, id);
			return delete.executeUpdate() > 0;
		}
		catch (SQLException ex) {
			throw this.store.error("delete document '" + id + "' from collection '" + this.name + "'", ex);
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
		ObjectNode parsed;
		try {
			parsed = this.codec.toObject(filter, "filter");
		}
		catch (InvalidDocumentException ex) {
			throw new InvalidFilterException(ex.getMessage());
		}
		return new FilterCompiler(arrayFreePaths()).compile(parsed, BODY);
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
		Connection connection = this.store.connection();
		try {
			RegexFunction.register(connection);
			try (PreparedStatement statement = connection.prepareStatement(sql)) {
				statement.setString(1, this.name);
				for (int i = 0; i < params.size(); i++) {
					statement.setObject(i + 2, params.get(i));
				}
				return execution.run(statement);
			}
		}
		catch (SQLException ex) {
			throw this.store.error(doing + " in collection '" + this.name + "' with parameters "
					+ params.stream().map(String::valueOf).collect(Collectors.joining(", ", "[", "]")), ex);
		}
	}

	@FunctionalInterface
	private interface Execution<T> {

		T run(PreparedStatement statement) throws SQLException;

	}

}
