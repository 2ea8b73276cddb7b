package dev.buckethead.autoconfigure;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import dev.buckethead.BucketSQLite;

/**
 * The live database's size in bytes ({@code page_count * page_size}), read on a short-lived connection: local
 * only, no bucket request. For gauges and status pages.
 */
public final class LiveDatabaseSize {

	private LiveDatabaseSize() {
	}

	/** The size in bytes, or -1 when the database is not running or cannot be read. */
	public static long bytes(BucketSQLite database) {
		if (!database.isRunning()) {
			return -1;
		}
		try (Connection connection = database.connect(); Statement statement = connection.createStatement();
				ResultSet rows = statement
					.executeQuery("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()")) {
			return rows.next() ? rows.getLong(1) : -1;
		}
		catch (SQLException | RuntimeException ex) {
			return -1;
		}
	}

}
