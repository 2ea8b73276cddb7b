package dev.buckethead.files;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import dev.buckethead.snapshot.ReferenceSource;

/**
 * Tells the engine which blobs a snapshot's {@code filestore} table refers to, so that every generation records
 * them and {@link FileStore#gc(GcOptions)} keeps them while the generation is retained. Reports keys
 * ({@code bh-<hex>}), not object keys, so the record does not depend on the object prefix.
 */
final class FileReferenceSource implements ReferenceSource {

	/** The name FileStore's references are recorded under. */
	static final String NAME = "files";

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public Collection<String> referencedKeys(Connection consistent) throws SQLException {
		List<String> keys = new ArrayList<>();
		try (Statement statement = consistent.createStatement()) {
			if (!hasTable(statement)) {
				// Content from before the FileStore existed, or a branch without one: it refers to nothing.
				return keys;
			}
			try (ResultSet rows = statement.executeQuery("SELECT key FROM filestore")) {
				while (rows.next()) {
					keys.add(rows.getString(1));
				}
			}
		}
		return keys;
	}

	private static boolean hasTable(Statement statement) throws SQLException {
		try (ResultSet table = statement
			.executeQuery("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'filestore'")) {
			return table.next();
		}
	}

	@Override
	public String toString() {
		return "FileStore references (" + NAME + ")";
	}

}
