package dev.buckethead.test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;

/** A SHA-256 over a database's schema and every row of one table in key order: equal content, equal digest. */
public final class RowDigest {

	private RowDigest() {
	}

	/** @param table a table with columns {@code id} (the key) and {@code payload} */
	public static String of(Connection connection, String table) throws SQLException {
		MessageDigest sha256;
		try {
			sha256 = MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every Java runtime", ex);
		}
		try (Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT sql FROM sqlite_master ORDER BY name")) {
			while (rows.next()) {
				sha256.update(String.valueOf(rows.getString(1)).getBytes(StandardCharsets.UTF_8));
			}
		}
		try (Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT id, payload FROM " + table + " ORDER BY id")) {
			while (rows.next()) {
				sha256.update(Long.toString(rows.getLong(1)).getBytes(StandardCharsets.UTF_8));
				byte[] payload = rows.getBytes(2);
				sha256.update(payload == null ? new byte[] { -1 } : payload);
			}
		}
		return HexFormat.of().formatHex(sha256.digest());
	}

}
