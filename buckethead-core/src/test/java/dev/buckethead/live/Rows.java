package dev.buckethead.live;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The test table: rows written by numbered writers, each numbering its inserts 1, 2, 3 … */
final class Rows {

	static final String SCHEMA = "CREATE TABLE rows (id INTEGER PRIMARY KEY, writer INTEGER NOT NULL, "
			+ "seq INTEGER NOT NULL, payload BLOB NOT NULL); CREATE INDEX rows_by_writer ON rows (writer, seq)";

	private Rows() {
	}

	static void create(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			for (String sql : SCHEMA.split("; ")) {
				statement.execute(sql);
			}
		}
	}

	static void insert(Connection connection, int writer, long seq, byte[] payload) throws SQLException {
		try (PreparedStatement insert = connection
			.prepareStatement("INSERT INTO rows (writer, seq, payload) VALUES (?, ?, ?)")) {
			insert.setInt(1, writer);
			insert.setLong(2, seq);
			insert.setBytes(3, payload);
			insert.executeUpdate();
		}
	}

	static void update(Connection connection, int writer, long seq, byte[] payload) throws SQLException {
		try (PreparedStatement update = connection
			.prepareStatement("UPDATE rows SET payload = ? WHERE writer = ? AND seq = ?")) {
			update.setBytes(1, payload);
			update.setInt(2, writer);
			update.setLong(3, seq);
			update.executeUpdate();
		}
	}

	static byte[] payload(Random random, int min, int max) {
		byte[] bytes = new byte[min + random.nextInt(max - min + 1)];
		random.nextBytes(bytes);
		return bytes;
	}

	/** SHA-256 over every row in id order: equal digests mean equal content. */
	static String digest(Connection connection) throws SQLException {
		MessageDigest sha = sha256();
		try (Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT id, writer, seq, payload FROM rows ORDER BY id")) {
			while (rs.next()) {
				sha.update((rs.getLong(1) + "/" + rs.getInt(2) + "/" + rs.getLong(3) + "/").getBytes());
				sha.update(rs.getBytes(4));
			}
		}
		return HexFormat.of().formatHex(sha.digest());
	}

	/** For each writer, its sequence numbers present. */
	static Map<Integer, TreeSet<Long>> seqs(Connection connection) throws SQLException {
		Map<Integer, TreeSet<Long>> seqs = new TreeMap<>();
		try (Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT writer, seq FROM rows")) {
			while (rs.next()) {
				seqs.computeIfAbsent(rs.getInt(1), (w) -> new TreeSet<>()).add(rs.getLong(2));
			}
		}
		return seqs;
	}

	/**
	 * Each writer's rows are 1..k with no gap, k at least what was acknowledged before the state was taken and
	 * at most what was acknowledged after.
	 */
	static void assertPrefixes(Map<Integer, TreeSet<Long>> seqs, long[] acknowledgedBefore, long[] acknowledgedAfter) {
		for (int writer = 0; writer < acknowledgedBefore.length; writer++) {
			TreeSet<Long> present = seqs.getOrDefault(writer, new TreeSet<>());
			long k = present.isEmpty() ? 0 : present.last();
			assertThat(present).as("writer %d's rows", writer).hasSize((int) k);
			assertThat(k).as("writer %d's last row", writer)
				.isBetween(acknowledgedBefore[writer], acknowledgedAfter[writer]);
		}
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
