package dev.buckethead.docs;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.json.JsonMapper;

import dev.buckethead.BucketHeadException;
import dev.buckethead.view.View;
import dev.buckethead.view.ViewContext;

/**
 * Named collections of JSON documents queried with a MongoDB-style filter language, stored in the live database
 * so that they snapshot and branch with everything else.
 * <p>
 * All collections share one table, {@code bh_docs(collection, id, body)}, where {@code body} holds the document's
 * JSON text. Collection names are therefore data, always bound as parameters and never used as SQL identifiers,
 * so any name that passes {@link #validateName(String) validation} is safe. It is a rowid table on purpose: on a
 * {@code WITHOUT ROWID} table SQLite prefers walking the primary key's {@code collection} prefix over an
 * expression index for equality filters, which would make {@link DocCollection#createIndex} useless for them. Secondary indexes are SQLite
 * expression indexes created by {@link DocCollection#createIndex(String)}.
 */
public class DocStore extends View {

	static final int MAX_NAME_LENGTH = 128;

	private static final String TABLE = "CREATE TABLE IF NOT EXISTS bh_docs (collection TEXT NOT NULL, id TEXT NOT NULL,"
			+ " body TEXT NOT NULL, PRIMARY KEY (collection, id))";

	private static final String NAMES = "SELECT DISTINCT collection FROM bh_docs UNION SELECT collection FROM bh_doc_indexes"
			+ " ORDER BY 1";

	private static final String DELETE_ALL = "DELETE FROM bh_docs WHERE collection = ?";

	private final DocumentCodec codec;

	private final IndexCatalog indexes = new IndexCatalog();

	private final Clock clock;

	public DocStore(ViewContext context, JsonMapper mapper) {
		this(context, mapper, Clock.systemUTC());
	}

	/** With the clock {@code $currentDate} reads. */
	DocStore(ViewContext context, JsonMapper mapper, Clock clock) {
		super(context);
		this.codec = new DocumentCodec(mapper);
		this.clock = clock;
	}

	@Override
	protected void createSchema(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute(TABLE);
			statement.execute(IndexCatalog.SCHEMA);
			statement.execute(IdFormat.SCHEMA);
		}
		IdFormat.upgrade(connection);
	}

	/** The collection called {@code name}; it exists once it holds a document or an index. */
	public DocCollection collection(String name) {
		return new DocCollection(this, validateName(name), this.codec, this.indexes, this.clock);
	}

	/** The names of collections that hold documents or indexes, sorted. */
	public List<String> collectionNames() {
		try (ResultSet rows = context().prepare(NAMES).executeQuery()) {
			List<String> names = new ArrayList<>();
			while (rows.next()) {
				names.add(rows.getString(1));
			}
			return names;
		}
		catch (SQLException ex) {
			throw failure("list collections", ex);
		}
	}

	/** Deletes every document and index of the collection; returns how many documents were deleted. */
	public long dropCollection(String name) {
		String collection = validateName(name);
		return inTransaction((connection) -> {
			this.indexes.dropAll(connection, collection);
			PreparedStatement delete = context().prepare(DELETE_ALL);
			delete.setString(1, collection);
			return (long) delete.executeUpdate();
		});
	}

	/** Checks a collection name: non-empty, at most 128 characters, no control characters. */
	static String validateName(String name) {
		if (name.isEmpty()) {
			throw new InvalidDocumentException("A collection name must not be empty");
		}
		if (name.length() > MAX_NAME_LENGTH) {
			throw new InvalidDocumentException("Collection name '" + name.substring(0, 32) + "...' is longer than "
					+ MAX_NAME_LENGTH + " characters");
		}
		if (name.chars().anyMatch(Character::isISOControl)) {
			throw new InvalidDocumentException("Collection name '" + name.replaceAll("\\p{Cntrl}", "?")
					+ "' contains control characters");
		}
		return name;
	}

	// Access for DocCollection, which is not a View but works on this view's connection.

	Connection connection() {
		return context().connection();
	}

	PreparedStatement prepare(String sql) {
		return context().prepare(sql);
	}

	<T> T transaction(SqlWork<T> work) {
		return inTransaction(work);
	}

	BucketHeadException error(String doing, SQLException cause) {
		return failure(doing, cause);
	}

}
