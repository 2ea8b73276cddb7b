package dev.buckethead.cli;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import dev.buckethead.BucketHeadException;
import org.jspecify.annotations.Nullable;
import org.sqlite.SQLiteConfig;

/**
 * What a restored database holds: its tables with row counts, and the FileStore's blobs when the
 * {@code filestore} table is there. Read from the table alone, so it works on any restored file.
 *
 * @param tables the tables, by name
 * @param files the FileStore's usage, or null when the database has no {@code filestore} table
 */
record DatabaseSummary(List<TableRows> tables, @Nullable FileUsage files) {

	private static final String FILESTORE_TABLE = "filestore";

	/** @param rows the row count, or null when the table cannot be read here (a virtual table's module missing) */
	record TableRows(String name, @Nullable Long rows) {
	}

	/** @param blobs files recorded @param bytes their total size */
	record FileUsage(long blobs, long bytes) {
	}

	static DatabaseSummary read(Path file) {
		SQLiteConfig config = new SQLiteConfig();
		config.setReadOnly(true);
		try (Connection connection = config.createConnection("jdbc:sqlite:" + file)) {
			List<TableRows> tables = new ArrayList<>();
			FileUsage files = null;
			for (String table : tableNames(connection)) {
				tables.add(new TableRows(table, rowCount(connection, table)));
				if (table.equals(FILESTORE_TABLE)) {
					files = fileUsage(connection);
				}
			}
			return new DatabaseSummary(List.copyOf(tables), files);
		}
		catch (SQLException ex) {
			throw new BucketHeadException("Cannot read the restored database " + file + ": " + ex.getMessage(), ex);
		}
	}

	private static List<String> tableNames(Connection connection) throws SQLException {
		List<String> names = new ArrayList<>();
		try (Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT name FROM sqlite_schema WHERE type = 'table' "
						+ "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")) {
			while (rs.next()) {
				names.add(rs.getString(1));
			}
		}
		return names;
	}

	private static @Nullable Long rowCount(Connection connection, String table) {
		try (Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT count(*) FROM \"" + table.replace("\"", "\"\"") + "\"")) {
			rs.next();
			return rs.getLong(1);
		}
		catch (SQLException ex) {
			return null;
		}
	}

	private static @Nullable FileUsage fileUsage(Connection connection) {
		try (Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT count(*), coalesce(sum(size), 0) FROM filestore")) {
			rs.next();
			return new FileUsage(rs.getLong(1), rs.getLong(2));
		}
		catch (SQLException ex) {
			// A table of that name that is not FileStore's.
			return null;
		}
	}

}
