package dev.buckethead.docs;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import tools.jackson.databind.JsonNode;

/**
 * The expression indexes of every collection, and whether each indexed path is known to be free of arrays.
 * <p>
 * A filter on a path that may cross an array must look at every array element, which no index can serve; on a
 * path that never does, it reads {@code json_extract(body, path)}, the very expression the index is built on.
 * Like MongoDB's "multikey" flag, the catalog tracks which indexed paths have ever held an array: checked over the
 * whole collection when the index is created and on every write through {@link DocCollection} afterwards. Rows
 * changed with raw SQL bypass that check, so such writers must not put arrays on indexed paths.
 * <p>
 * Index names are derived from a hash of collection and path, so neither ever appears in DDL as an identifier;
 * the path appears only as a {@link JsonPath#sqlLiteral() validated literal}.
 */
final class IndexCatalog {

	static final String SCHEMA = "CREATE TABLE IF NOT EXISTS bh_doc_indexes (collection TEXT NOT NULL, path TEXT NOT NULL,"
			+ " name TEXT NOT NULL, array_free INTEGER NOT NULL, PRIMARY KEY (collection, path)) WITHOUT ROWID";

	private static final String ARRAY_FREE = "SELECT path FROM bh_doc_indexes WHERE collection = ? AND array_free = 1";

	private static final String INSERT = "INSERT OR REPLACE INTO bh_doc_indexes (collection, path, name, array_free)"
			+ " VALUES (?, ?, ?, ?)";

	private static final String MARK_ARRAYS = "UPDATE bh_doc_indexes SET array_free = 0 WHERE collection = ? AND path = ?";

	private static final String NAME = "SELECT name FROM bh_doc_indexes WHERE collection = ? AND path = ?";

	private static final String NAMES = "SELECT name FROM bh_doc_indexes WHERE collection = ?";

	private static final String DELETE = "DELETE FROM bh_doc_indexes WHERE collection = ? AND name = ?";

	/** The indexed paths of {@code collection} that no document crosses an array on. */
	Set<String> arrayFreePaths(PreparedStatement query, String collection) throws SQLException {
		query.setString(1, collection);
		Set<String> paths = new HashSet<>();
		try (ResultSet rows = query.executeQuery()) {
			while (rows.next()) {
				paths.add(rows.getString(1));
			}
		}
		return paths;
	}

	static String arrayFreeQuery() {
		return ARRAY_FREE;
	}

	/** Records a write: any array-free indexed path that {@code document} crosses an array on loses that status. */
	void noteWritten(Connection connection, String collection, Set<String> arrayFreePaths, JsonNode document)
			throws SQLException {
		for (String path : arrayFreePaths) {
			if (crossesArray(document, JsonPath.parse(path))) {
				try (PreparedStatement update = connection.prepareStatement(MARK_ARRAYS)) {
					update.setString(1, collection);
					update.setString(2, path);
					update.executeUpdate();
				}
			}
		}
	}

	/** Creates the index on {@code path} unless it exists; {@code documents} are the collection's current bodies. */
	void create(Connection connection, String collection, JsonPath path, List<JsonNode> documents)
			throws SQLException {
		String name = indexName(collection, path);
		try (Statement ddl = connection.createStatement()) {
			ddl.execute("CREATE INDEX IF NOT EXISTS " + name + " ON bh_docs (collection, json_extract(body, "
					+ path.sqlLiteral() + "))");
		}
		boolean arrayFree = documents.stream().noneMatch((document) -> crossesArray(document, path));
		try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
			insert.setString(1, collection);
			insert.setString(2, path.dotted());
			insert.setString(3, name);
			insert.setInt(4, arrayFree ? 1 : 0);
			insert.executeUpdate();
		}
	}

	/** Drops the index on {@code path}; false if there was none. */
	boolean drop(Connection connection, String collection, JsonPath path) throws SQLException {
		String name;
		try (PreparedStatement query = connection.prepareStatement(NAME)) {
			query.setString(1, collection);
			query.setString(2, path.dotted());
			try (ResultSet rows = query.executeQuery()) {
				if (!rows.next()) {
					return false;
				}
				name = rows.getString(1);
			}
		}
		// Outside the query: SQLite refuses DROP INDEX while a statement still reads the schema's tables.
		dropNamed(connection, collection, name);
		return true;
	}

	void dropAll(Connection connection, String collection) throws SQLException {
		List<String> names = new ArrayList<>();
		try (PreparedStatement query = connection.prepareStatement(NAMES)) {
			query.setString(1, collection);
			try (ResultSet rows = query.executeQuery()) {
				while (rows.next()) {
					names.add(rows.getString(1));
				}
			}
		}
		for (String name : names) {
			dropNamed(connection, collection, name);
		}
	}

	private void dropNamed(Connection connection, String collection, String name) throws SQLException {
		if (!name.matches("bh_docs_ix_[0-9a-f]{32}")) {
			throw new SQLException("Refusing to drop unexpected index name in bh_doc_indexes: " + name);
		}
		try (Statement ddl = connection.createStatement()) {
			ddl.execute("DROP INDEX IF EXISTS " + name);
		}
		try (PreparedStatement delete = connection.prepareStatement(DELETE)) {
			delete.setString(1, collection);
			delete.setString(2, name);
			delete.executeUpdate();
		}
	}

	static String indexName(String collection, JsonPath path) {
		try {
			MessageDigest sha = MessageDigest.getInstance("SHA-256");
			byte[] hash = sha.digest((collection + '\u0000' + path.dotted()).getBytes(StandardCharsets.UTF_8));
			return "bh_docs_ix_" + HexFormat.of().formatHex(hash, 0, 16);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required by every Java platform", ex);
		}
	}

	/** Whether following {@code path} through {@code document} meets an array, including at its end. */
	static boolean crossesArray(JsonNode document, JsonPath path) {
		JsonNode node = document;
		for (String segment : path.segments()) {
			if (node.isArray()) {
				return true;
			}
			node = node.get(segment);
			if (node == null || !node.isContainer()) {
				return false;
			}
		}
		return node.isArray();
	}

}
