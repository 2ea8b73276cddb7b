package dev.buckethead.autoconfigure.data.jdbc;

import java.sql.DatabaseMetaData;
import java.util.Locale;
import java.util.Optional;

import org.springframework.data.jdbc.core.dialect.DialectResolver;
import org.springframework.data.relational.core.dialect.Dialect;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcOperations;

/**
 * Gives Spring Data JDBC's {@link DialectResolver} the {@link JdbcSQLiteDialect} for a SQLite connection, and
 * nothing for any other database, so the resolver's own providers answer for those.
 */
public class SQLiteDialectProvider implements DialectResolver.JdbcDialectProvider {

	@Override
	public Optional<Dialect> getDialect(JdbcOperations operations) {
		Boolean sqlite = operations.execute((ConnectionCallback<Boolean>) (connection) -> isSQLite(
				connection.getMetaData()));
		return Boolean.TRUE.equals(sqlite) ? Optional.of(JdbcSQLiteDialect.INSTANCE) : Optional.empty();
	}

	private static boolean isSQLite(DatabaseMetaData metaData) throws java.sql.SQLException {
		return metaData.getDatabaseProductName().toLowerCase(Locale.ROOT).contains("sqlite");
	}

}
