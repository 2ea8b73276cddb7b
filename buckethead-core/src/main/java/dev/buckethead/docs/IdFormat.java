package dev.buckethead.docs;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Brings the id column of a database written before ids were typed up to date: such databases keyed a numeric
 * {@code _id} by its plain text ({@code 42}), which a string id {@code "42"} collided with. Each such row is
 * re-keyed the way {@link DocumentCodec#key} keys it now, once: a row in {@code bh_docs_format} records that the
 * conversion is done, so opening a converted database costs one lookup.
 * <p>
 * The conversion is idempotent (it only touches numeric ids not yet in the new form), so an interrupted one simply
 * continues next time. Two old documents whose ids now count as one number ({@code 1} and {@code 1.0}) cannot
 * both have the new key: the second keeps its old key and stays readable through filters on the body, though no
 * lookup by id finds it.
 */
final class IdFormat {

	static final String SCHEMA = "CREATE TABLE IF NOT EXISTS bh_docs_format (name TEXT PRIMARY KEY,"
			+ " version INTEGER NOT NULL) WITHOUT ROWID";

	private static final int TYPED_IDS = 2;

	private static final String DONE = "SELECT 1 FROM bh_docs_format WHERE name = 'ids' AND version >= " + TYPED_IDS;

	private static final String OLD_NUMERIC_IDS = "SELECT rowid, body -> '$._id' FROM bh_docs WHERE json_type(body,"
			+ " '$._id') IN ('integer', 'real') AND substr(id, 1, 1) <> char(1)";

	private static final String REKEY = "UPDATE bh_docs SET id = ? WHERE rowid = ?";

	private static final String MARK = "INSERT OR REPLACE INTO bh_docs_format (name, version) VALUES ('ids', "
			+ TYPED_IDS + ")";

	private IdFormat() {
	}

	private record Rekey(long rowid, String key) {
	}

	/** Converts the database's ids unless that was done before; needs {@code bh_docs} and {@link #SCHEMA}. */
	static void upgrade(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet done = statement.executeQuery(DONE)) {
			if (done.next()) {
				return;
			}
		}
		List<Rekey> rows = new ArrayList<>();
		try (Statement statement = connection.createStatement();
				ResultSet old = statement.executeQuery(OLD_NUMERIC_IDS)) {
			while (old.next()) {
				rows.add(new Rekey(old.getLong(1), DocumentCodec.numberKey(new BigDecimal(old.getString(2)))));
			}
		}
		try (PreparedStatement rekey = connection.prepareStatement(REKEY)) {
			for (Rekey row : rows) {
				rekey.setString(1, row.key());
				rekey.setLong(2, row.rowid());
				try {
					rekey.executeUpdate();
				}
				catch (SQLiteException ex) {
					if (ex.getResultCode() != SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY) {
						throw ex;
					}
				}
			}
		}
		try (Statement statement = connection.createStatement()) {
			statement.execute(MARK);
		}
	}

}
