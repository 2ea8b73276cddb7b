package dev.buckethead.autoconfigure;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

/** Plain JDBC for tests that must not depend on Spring JDBC being on the classpath. */
final class JdbcHelper {

	private JdbcHelper() {
	}

	static void execute(DataSource dataSource, String... statements) throws SQLException {
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
	}

	static String queryString(DataSource dataSource, String sql) throws SQLException {
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery(sql)) {
			if (!rows.next()) {
				throw new SQLException("No row for " + sql);
			}
			return rows.getString(1);
		}
	}

}
