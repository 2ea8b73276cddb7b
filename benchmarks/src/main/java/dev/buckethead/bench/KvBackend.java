package dev.buckethead.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

import dev.buckethead.BucketSQLite;
import dev.buckethead.kv.KvStore;
import dev.buckethead.live.LiveStorage;
import redis.clients.jedis.Jedis;

/**
 * One key-value store under test: string keys, 100-byte string values. {@link #handle()} gives each benchmark
 * thread its own client where the store needs one (a JDBC connection, a Redis connection).
 */
interface KvBackend extends AutoCloseable {

	/** Per-thread access. */
	interface Handle extends AutoCloseable {

		String get(String key);

		void put(String key, String value);

		@Override
		default void close() {
		}

	}

	Handle handle();

	@Override
	void close();

	static String key(int i) {
		return "key:" + i;
	}

	static String value(int seed) {
		StringBuilder value = new StringBuilder(100);
		while (value.length() < 100) {
			value.append(Integer.toHexString(seed * 31 + value.length()));
		}
		return value.substring(0, 100);
	}

	/** Creates and fills the backend named {@code name} with {@code keys} keys. */
	static KvBackend create(String name, int keys) throws Exception {
		KvBackend backend = switch (name) {
			case "kv-FILE" -> new Bucket(LiveStorage.FILE);
			case "kv-MEMORY" -> new Bucket(LiveStorage.MEMORY);
			case "redis" -> new Redis();
			case "h2" -> new H2();
			case "chm" -> new Chm();
			default -> throw new IllegalArgumentException("unknown backend " + name);
		};
		backend.fill(keys);
		return backend;
	}

	void fill(int keys) throws Exception;

	/** BucketHead's KvStore; no flush timer, a local-directory bucket (kv operations never touch the bucket). */
	final class Bucket implements KvBackend {

		private final Path dir;

		private final BucketSQLite db;

		private final KvStore kv;

		Bucket(LiveStorage storage) throws Exception {
			this.dir = Files.createTempDirectory(BenchEnv.scratchRoot(), "kv-");
			this.db = BucketSQLite.builder()
				.localDirectory(dir.resolve("bucket"))
				.storage(storage)
				.directory(dir.resolve("live"))
				.flushInterval(Duration.ZERO)
				.build()
				.start();
			this.kv = db.kv();
		}

		@Override
		public void fill(int keys) throws SQLException {
			kv.size(); // creates the table
			Connection connection = db.viewContext().connection();
			connection.setAutoCommit(false);
			for (int i = 0; i < keys; i++) {
				kv.set(key(i), value(i));
			}
			connection.commit();
			connection.setAutoCommit(true);
		}

		@Override
		public Handle handle() {
			return new Handle() {
				@Override
				public String get(String key) {
					return kv.get(key);
				}

				@Override
				public void put(String key, String value) {
					kv.set(key, value);
				}
			};
		}

		@Override
		public void close() {
			db.close();
			BenchEnv.deleteTree(dir);
		}

	}

	/** Redis on loopback (started by the benchmark), one Jedis connection per thread. */
	final class Redis implements KvBackend {

		private final int port = Integer.getInteger("bench.redis.port", 6379);

		@Override
		public void fill(int keys) {
			try (Jedis jedis = new Jedis("127.0.0.1", port)) {
				jedis.flushAll();
				var pipeline = jedis.pipelined();
				for (int i = 0; i < keys; i++) {
					pipeline.set(key(i), value(i));
				}
				pipeline.sync();
			}
		}

		@Override
		public Handle handle() {
			Jedis jedis = new Jedis("127.0.0.1", port);
			return new Handle() {
				@Override
				public String get(String key) {
					return jedis.get(key);
				}

				@Override
				public void put(String key, String value) {
					jedis.set(key, value);
				}

				@Override
				public void close() {
					jedis.close();
				}
			};
		}

		@Override
		public void close() {
		}

	}

	/** H2 in-memory table over JDBC, one connection and prepared statements per thread. */
	final class H2 implements KvBackend {

		private final String url = "jdbc:h2:mem:kv" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";

		private Connection keeper;

		@Override
		public void fill(int keys) throws SQLException {
			keeper = DriverManager.getConnection(url);
			try (Statement statement = keeper.createStatement()) {
				statement.execute("CREATE TABLE kv (k VARCHAR(64) PRIMARY KEY, v VARCHAR(200) NOT NULL)");
			}
			keeper.setAutoCommit(false);
			try (PreparedStatement insert = keeper.prepareStatement("INSERT INTO kv VALUES (?, ?)")) {
				for (int i = 0; i < keys; i++) {
					insert.setString(1, key(i));
					insert.setString(2, value(i));
					insert.addBatch();
					if (i % 1000 == 999) {
						insert.executeBatch();
					}
				}
				insert.executeBatch();
			}
			keeper.commit();
			keeper.setAutoCommit(true);
		}

		@Override
		public Handle handle() {
			try {
				Connection connection = DriverManager.getConnection(url);
				PreparedStatement select = connection.prepareStatement("SELECT v FROM kv WHERE k = ?");
				PreparedStatement merge = connection.prepareStatement("MERGE INTO kv KEY (k) VALUES (?, ?)");
				return new Handle() {
					@Override
					public String get(String key) {
						try {
							select.setString(1, key);
							try (ResultSet row = select.executeQuery()) {
								return row.next() ? row.getString(1) : null;
							}
						}
						catch (SQLException ex) {
							throw new IllegalStateException(ex);
						}
					}

					@Override
					public void put(String key, String value) {
						try {
							merge.setString(1, key);
							merge.setString(2, value);
							merge.executeUpdate();
						}
						catch (SQLException ex) {
							throw new IllegalStateException(ex);
						}
					}

					@Override
					public void close() {
						try {
							connection.close();
						}
						catch (SQLException ignored) {
							// benchmark teardown
						}
					}
				};
			}
			catch (SQLException ex) {
				throw new IllegalStateException(ex);
			}
		}

		@Override
		public void close() {
			try {
				keeper.createStatement().execute("SHUTDOWN");
			}
			catch (SQLException ignored) {
				// benchmark teardown
			}
		}

	}

	/** The floor: a ConcurrentHashMap. */
	final class Chm implements KvBackend {

		private final ConcurrentHashMap<String, String> map = new ConcurrentHashMap<>();

		@Override
		public void fill(int keys) {
			for (int i = 0; i < keys; i++) {
				map.put(key(i), value(i));
			}
		}

		@Override
		public Handle handle() {
			return new Handle() {
				@Override
				public String get(String key) {
					return map.get(key);
				}

				@Override
				public void put(String key, String value) {
					map.put(key, value);
				}
			};
		}

		@Override
		public void close() {
		}

	}

}
