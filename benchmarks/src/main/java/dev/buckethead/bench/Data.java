package dev.buckethead.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The flush data set: table {@code rows(id INTEGER PRIMARY KEY, updated_at INTEGER, payload BLOB)} with 900-byte
 * payloads (hex text of random bytes, so zstd halves it), about four rows per 4 KiB page. "x % of rows changed"
 * means {@code UPDATE rows SET payload = <new 900 bytes>, updated_at = ? WHERE id = ?} on that share of the rows:
 * <em>clustered</em> = the highest ids (the most recent rows), <em>random</em> = ids drawn uniformly.
 */
final class Data {

	static final int PAYLOAD_BYTES = 900;

	static final int BYTES_PER_ROW = 1024;

	private final Path dir;

	private final Map<Long, Path> templates = new HashMap<>();

	Data(Path dir) {
		this.dir = dir;
	}

	static long rowsFor(long size) {
		return Math.max(100, size / BYTES_PER_ROW);
	}

	static byte[] payload(Random random) {
		byte[] raw = new byte[PAYLOAD_BYTES / 2];
		random.nextBytes(raw);
		return HexFormat.of().formatHex(raw).getBytes(StandardCharsets.US_ASCII);
	}

	/** A plain SQLite file of about {@code size} bytes, built once and reused. */
	synchronized Path template(long size) throws Exception {
		Path existing = templates.get(size);
		if (existing != null) {
			return existing;
		}
		Files.createDirectories(dir);
		Path file = dir.resolve("template-" + size + ".db");
		Files.deleteIfExists(file);
		long rows = rowsFor(size);
		Random random = new Random(size);
		try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
			try (Statement s = c.createStatement()) {
				s.execute("PRAGMA journal_mode=OFF");
				s.execute("PRAGMA synchronous=OFF");
				s.execute("CREATE TABLE rows (id INTEGER PRIMARY KEY, updated_at INTEGER NOT NULL, payload BLOB NOT NULL)");
			}
			c.setAutoCommit(false);
			try (PreparedStatement insert = c.prepareStatement("INSERT INTO rows VALUES (?, ?, ?)")) {
				for (long id = 1; id <= rows; id++) {
					insert.setLong(1, id);
					insert.setLong(2, id);
					insert.setBytes(3, payload(random));
					insert.executeUpdate();
				}
			}
			c.commit();
		}
		templates.put(size, file);
		return file;
	}

	/** Applies a change of {@code fraction} of {@code rows} rows in transactions of {@code batch} rows. */
	static int change(Connection c, long rows, double fraction, boolean clustered, Random random, int batch)
			throws SQLException {
		int n = (int) Math.max(1, Math.round(rows * fraction));
		Set<Long> ids = new LinkedHashSet<>();
		if (clustered) {
			for (long id = rows - n + 1; id <= rows; id++) {
				ids.add(id);
			}
		}
		else {
			while (ids.size() < n) {
				ids.add(1 + (long) (random.nextDouble() * rows));
			}
		}
		boolean auto = c.getAutoCommit();
		c.setAutoCommit(false);
		try (PreparedStatement update = c.prepareStatement("UPDATE rows SET payload = ?, updated_at = ? WHERE id = ?")) {
			int inBatch = 0;
			for (long id : ids) {
				update.setBytes(1, payload(random));
				update.setLong(2, System.nanoTime());
				update.setLong(3, id);
				update.executeUpdate();
				if (++inBatch == batch) {
					c.commit();
					inBatch = 0;
				}
			}
			c.commit();
		}
		finally {
			c.setAutoCommit(auto);
		}
		return n;
	}

	void deleteAll() {
		BenchEnv.deleteTree(dir);
		templates.clear();
	}

}
