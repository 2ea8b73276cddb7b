package dev.buckethead.kv;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import dev.buckethead.view.View;
import dev.buckethead.view.ViewContext;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A string-keyed store of small values in the live database, in table {@code bh_kv}. Text in, text out is the
 * canonical API ({@link #set(String, String)}, {@link #get(String)}); {@link #setBytes(String, byte[])} and
 * {@link #getBytes(String)} are the escape hatch for binary payloads. Both share one {@code BLOB} column, text
 * being stored as its UTF-8 bytes, so reading bytes written as text always works, while reading as text a value
 * that is not UTF-8 throws {@link KvValueNotTextException}.
 *
 * <h2>Absent keys</h2> {@link #get(String)} and {@link #getBytes(String)} return {@code null} for an absent key,
 * like {@link Map#get(Object)} and the original library; {@link #find(String)} and {@link #findBytes(String)}
 * return an empty {@link Optional} instead.
 *
 * <h2>Expiry</h2> A value written with a time-to-live reads as absent everywhere (get, contains, size, keys,
 * entries, {@link #asMap()}) from the moment its deadline on {@link KvOptions#clock()} passes; writing a key
 * without a time-to-live clears any it had. Reads never write, so expired rows linger until removed by
 * {@link #purgeExpired()}, which also runs by itself once every {@link KvOptions#purgeEveryWrites()} writes.
 *
 * <h2>Size</h2> Values are stored inline and copied into every snapshot: anything over
 * {@link KvOptions#maxValueBytes()} (1 MiB by default) is refused with {@link KvValueTooLargeException}. Keep
 * large payloads in the {@code FileStore}. Keys longer than {@link KvOptions#maxKeyBytes()} in UTF-8 (1 KiB by
 * default) are refused for writing with {@link KvKeyTooLongException}; reads and deletes take any key, so that
 * entries written under a higher limit stay reachable and removable.
 *
 * <h2>Ordering</h2> Keys are listed in SQLite's binary order of their UTF-8 bytes, which is Unicode code point
 * order (the same as {@link String#compareTo} except for characters outside the Basic Multilingual Plane).
 *
 * <h2>Threads</h2> A KvStore is thread-safe: every call runs on the calling thread's own connection with its
 * own prepared statements, and each single-key operation is one SQL statement. A call made inside a transaction
 * that the calling thread opened joins that transaction.
 */
public final class KvStore extends View {

	private static final Logger logger = LoggerFactory.getLogger(KvStore.class);

	private static final String LIVE = "(expires_at IS NULL OR expires_at > ?)";

	private static final String SELECT_VALUE = "SELECT value FROM bh_kv WHERE key = ? AND " + LIVE;

	private static final String SELECT_LIVE = "SELECT 1 FROM bh_kv WHERE key = ? AND " + LIVE;

	private static final String UPSERT = "INSERT INTO bh_kv (key, value, expires_at) VALUES (?, ?, ?) "
			+ "ON CONFLICT(key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at";

	private static final String DELETE = "DELETE FROM bh_kv WHERE key = ? RETURNING expires_at";

	private static final String TAKE = "DELETE FROM bh_kv WHERE key = ? RETURNING value, expires_at";

	private static final String COUNT_LIVE = "SELECT count(*) FROM bh_kv WHERE " + LIVE;

	private static final String CLEAR = "DELETE FROM bh_kv";

	private static final String PURGE = "DELETE FROM bh_kv WHERE expires_at <= ?";

	private static final Scan KEYS = new Scan("key");

	private static final Scan ENTRIES = new Scan("key, value");

	/** Stands for "no deadline"; a time-to-live too long to represent saturates to it too. */
	private static final long NEVER = Long.MAX_VALUE;

	private static final byte[] EMPTY = new byte[0];

	private final int maxKeyBytes;

	private final int maxValueBytes;

	private final Clock clock;

	private final int purgeEveryWrites;

	private final AtomicLong writes = new AtomicLong();

	private final Map<String, String> mapView = new KvMap(this);

	public KvStore(ViewContext context) {
		this(context, KvOptions.defaults());
	}

	public KvStore(ViewContext context, KvOptions options) {
		super(context);
		this.maxKeyBytes = options.maxKeyBytes();
		this.maxValueBytes = options.maxValueBytes();
		this.clock = options.clock();
		this.purgeEveryWrites = options.purgeEveryWrites();
	}

	@Override
	protected void createSchema(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute("CREATE TABLE IF NOT EXISTS bh_kv (key TEXT PRIMARY KEY NOT NULL, "
					+ "value BLOB NOT NULL, expires_at INTEGER) WITHOUT ROWID");
			if (!hasExpiresAtColumn(statement)) {
				// A snapshot written by the original library, which had no expiry.
				statement.execute("ALTER TABLE bh_kv ADD COLUMN expires_at INTEGER");
			}
			statement.execute("CREATE INDEX IF NOT EXISTS bh_kv_expires_at ON bh_kv (expires_at) "
					+ "WHERE expires_at IS NOT NULL");
		}
	}

	private static boolean hasExpiresAtColumn(Statement statement) throws SQLException {
		try (ResultSet columns = statement.executeQuery("SELECT 1 FROM pragma_table_info('bh_kv') "
				+ "WHERE name = 'expires_at'")) {
			return columns.next();
		}
	}

	/** Stores {@code value} under {@code key} with no expiry, replacing any value and expiry it had. */
	public void set(String key, String value) {
		store(checkWritableKey(key), encode(key, value), NEVER);
	}

	/** Stores {@code value} under {@code key} until {@code ttl} from now (millisecond precision). */
	public void set(String key, String value, Duration ttl) {
		store(checkWritableKey(key), encode(key, value), deadline(key, ttl));
	}

	/** Stores raw bytes under {@code key} with no expiry. Read them back with {@link #getBytes(String)}. */
	public void setBytes(String key, byte[] value) {
		store(checkWritableKey(key), checkNotNull(key, value), NEVER);
	}

	/** Stores raw bytes under {@code key} until {@code ttl} from now (millisecond precision). */
	public void setBytes(String key, byte[] value, Duration ttl) {
		store(checkWritableKey(key), checkNotNull(key, value), deadline(key, ttl));
	}

	/**
	 * The text stored under {@code key}, or {@code null} if it is absent or expired.
	 * @throws KvValueNotTextException if the value is not UTF-8 (use {@link #getBytes(String)})
	 */
	public @Nullable String get(String key) {
		byte[] bytes = getBytes(key);
		return (bytes != null) ? Utf8.decode(key, bytes) : null;
	}

	/** Like {@link #get(String)}, as an {@link Optional}. */
	public Optional<String> find(String key) {
		return Optional.ofNullable(get(key));
	}

	/** The bytes stored under {@code key} (text as UTF-8), or {@code null} if it is absent or expired. */
	public byte @Nullable [] getBytes(String key) {
		PreparedStatement select = context().prepare(SELECT_VALUE);
		try {
			select.setString(1, checkKey(key));
			select.setLong(2, clock.millis());
			try (ResultSet row = select.executeQuery()) {
				return row.next() ? nonNull(row.getBytes(1)) : null;
			}
		}
		catch (SQLException ex) {
			throw failure("read key '" + key + "'", ex);
		}
	}

	/** Like {@link #getBytes(String)}, as an {@link Optional}. */
	public Optional<byte[]> findBytes(String key) {
		return Optional.ofNullable(getBytes(key));
	}

	/** Whether {@code key} has a value that has not expired. */
	public boolean contains(String key) {
		PreparedStatement select = context().prepare(SELECT_LIVE);
		try {
			select.setString(1, checkKey(key));
			select.setLong(2, clock.millis());
			try (ResultSet row = select.executeQuery()) {
				return row.next();
			}
		}
		catch (SQLException ex) {
			throw failure("look up key '" + key + "'", ex);
		}
	}

	/** Removes {@code key}; returns whether it had a value that had not expired. */
	public boolean delete(String key) {
		PreparedStatement delete = context().prepare(DELETE);
		try {
			delete.setString(1, checkKey(key));
			long now = clock.millis();
			try (ResultSet deleted = delete.executeQuery()) {
				return deleted.next() && isLive(deleted, 1, now);
			}
		}
		catch (SQLException ex) {
			throw failure("delete key '" + key + "'", ex);
		}
	}

	/** The number of entries that have not expired. */
	public long size() {
		PreparedStatement count = context().prepare(COUNT_LIVE);
		try {
			count.setLong(1, clock.millis());
			try (ResultSet row = count.executeQuery()) {
				row.next();
				return row.getLong(1);
			}
		}
		catch (SQLException ex) {
			throw failure("count its entries", ex);
		}
	}

	/** Every unexpired key, in key order. */
	public List<String> keys() {
		return keys("");
	}

	/**
	 * The unexpired keys that start with {@code prefix}, in key order. The prefix is literal: {@code %} and
	 * {@code _} match only themselves.
	 */
	public List<String> keys(String prefix) {
		return KEYS.run(this, prefix, (row) -> row.getString(1));
	}

	/** Every unexpired entry as text, in key order. */
	public Map<String, String> entries() {
		return entries("");
	}

	/**
	 * The unexpired entries whose keys start with {@code prefix}, as an unmodifiable map iterating in key order.
	 * @throws KvValueNotTextException if one of the values is not UTF-8
	 */
	public Map<String, String> entries(String prefix) {
		Map<String, String> entries = new LinkedHashMap<>();
		for (Map.Entry<String, String> entry : ENTRIES.run(this, prefix, KvStore::textEntry)) {
			entries.put(entry.getKey(), entry.getValue());
		}
		return Collections.unmodifiableMap(entries);
	}

	/** Removes every entry. */
	public void clear() {
		try {
			context().prepare(CLEAR).executeUpdate();
		}
		catch (SQLException ex) {
			throw failure("clear its entries", ex);
		}
	}

	/** Deletes the rows of expired entries now; returns how many it deleted. */
	public int purgeExpired() {
		PreparedStatement purge = context().prepare(PURGE);
		try {
			purge.setLong(1, clock.millis());
			return purge.executeUpdate();
		}
		catch (SQLException ex) {
			throw failure("purge expired entries", ex);
		}
	}

	/**
	 * A live {@link Map} view of the text entries, the counterpart of the original library's dict protocol. It
	 * reads and writes through to the table: {@code put} returns the previous value, iteration is in key order
	 * over the entries present when the iterator was created, and {@code Iterator.remove} and
	 * {@code Entry.setValue} write through. Values that are not UTF-8 make its reads throw
	 * {@link KvValueNotTextException}.
	 */
	public Map<String, String> asMap() {
		return mapView;
	}

	/**
	 * Stores {@code value} with no expiry and returns the previous unexpired value, atomically. Rolls back if the
	 * previous value is not text.
	 */
	@Nullable String getAndSet(String key, String value) {
		byte[] bytes = checkSize(checkWritableKey(key), encode(key, value));
		String previous = inTransaction((connection) -> {
			// Delete first: a transaction that starts by writing takes the write lock (waiting if need be),
			// whereas one that reads first fails with SQLITE_BUSY if another connection writes meanwhile.
			byte[] old = take(key);
			upsert(key, bytes, NEVER);
			return (old != null) ? Utf8.decode(key, old) : null;
		});
		afterWrite();
		return previous;
	}

	/** Removes {@code key} and returns its unexpired value, atomically. Rolls back if the value is not text. */
	@Nullable String getAndDelete(String key) {
		checkKey(key);
		return inTransaction((connection) -> {
			byte[] old = take(key);
			return (old != null) ? Utf8.decode(key, old) : null;
		});
	}

	private void store(String key, byte[] value, long deadline) {
		upsertOrFail(key, checkSize(key, value), deadline);
		afterWrite();
	}

	private void upsertOrFail(String key, byte[] value, long deadline) {
		try {
			upsert(key, value, deadline);
		}
		catch (SQLException ex) {
			throw failure("write key '" + key + "'", ex);
		}
	}

	private void upsert(String key, byte[] value, long deadline) throws SQLException {
		PreparedStatement upsert = context().prepare(UPSERT);
		upsert.setString(1, key);
		upsert.setBytes(2, value);
		if (deadline == NEVER) {
			upsert.setNull(3, Types.INTEGER);
		}
		else {
			upsert.setLong(3, deadline);
		}
		upsert.executeUpdate();
	}

	/** Deletes {@code key} and returns the value it had if that had not expired. */
	private byte @Nullable [] take(String key) throws SQLException {
		PreparedStatement take = context().prepare(TAKE);
		take.setString(1, key);
		long now = clock.millis();
		try (ResultSet deleted = take.executeQuery()) {
			return (deleted.next() && isLive(deleted, 2, now)) ? nonNull(deleted.getBytes(1)) : null;
		}
	}

	/** Purges expired rows once every {@code purgeEveryWrites} writes, so that they do not pile up in snapshots. */
	private void afterWrite() {
		if (writes.incrementAndGet() % purgeEveryWrites == 0) {
			try {
				purgeExpired();
			}
			catch (RuntimeException ex) {
				// The write itself succeeded; a later write will purge again.
				logger.warn("Could not purge expired KvStore entries", ex);
			}
		}
	}

	private long deadline(String key, Duration ttl) {
		if (ttl == null || ttl.isNegative() || ttl.isZero()) {
			throw new KvInvalidArgumentException(
					"Time-to-live for key '" + key + "' must be positive, got " + ttl + "; use delete to remove a key");
		}
		try {
			return Math.addExact(clock.millis(), ttl.toMillis());
		}
		catch (ArithmeticException ex) {
			return NEVER;
		}
	}

	private byte[] checkSize(String key, byte[] value) {
		if (value.length > maxValueBytes) {
			throw new KvValueTooLargeException(key, value.length, maxValueBytes);
		}
		return value;
	}

	private static Map.Entry<String, String> textEntry(ResultSet row) throws SQLException {
		String key = row.getString(1);
		return Map.entry(key, Utf8.decode(key, nonNull(row.getBytes(2))));
	}

	private static boolean isLive(ResultSet row, int expiresAtColumn, long now) throws SQLException {
		long expiresAt = row.getLong(expiresAtColumn);
		return row.wasNull() || expiresAt > now;
	}

	private static byte[] encode(String key, String value) {
		checkNotNull(key, value);
		int bad = Utf8.indexOfUnpairedSurrogate(value);
		if (bad >= 0) {
			throw new KvInvalidArgumentException("Value for key '" + key + "' has an unpaired surrogate at index "
					+ bad + ", so it is not text that UTF-8 can hold; store binary data with setBytes");
		}
		return value.getBytes(StandardCharsets.UTF_8);
	}

	private static <T> T checkNotNull(String key, T value) {
		if (value == null) {
			throw new KvInvalidArgumentException(
					"Value for key '" + key + "' is null; a KvStore cannot hold null, use delete(key) to remove a key");
		}
		return value;
	}

	private static String checkKey(String key) {
		if (key == null) {
			throw new KvInvalidKeyException("KvStore key is null; keys must be non-empty text");
		}
		if (key.isEmpty()) {
			throw new KvInvalidKeyException("KvStore key is empty; keys must be non-empty text");
		}
		int bad = Utf8.indexOfUnpairedSurrogate(key);
		if (bad >= 0) {
			throw new KvInvalidKeyException(
					"KvStore key has an unpaired surrogate at index " + bad + "; keys must be well-formed Unicode text");
		}
		return key;
	}

	/** {@link #checkKey} for a write, which also holds the key to {@link KvOptions#maxKeyBytes()}. */
	private String checkWritableKey(String key) {
		checkKey(key);
		// A UTF-16 char encodes to at most 3 bytes: short keys, nearly all of them, skip the count.
		if (key.length() * 3L > maxKeyBytes) {
			int length = Utf8.encodedLength(key);
			if (length > maxKeyBytes) {
				throw new KvKeyTooLongException(key, length, maxKeyBytes);
			}
		}
		return key;
	}

	/** The driver may hand back null for a zero-length blob; the column is NOT NULL, so that means empty. */
	private static byte[] nonNull(byte @Nullable [] bytes) {
		return (bytes != null) ? bytes : EMPTY;
	}

	/** A key-ordered prefix scan: one SQL statement for a bounded range, one for a range open at the top. */
	private static final class Scan {

		private final String bounded;

		private final String unbounded;

		Scan(String columns) {
			String select = "SELECT " + columns + " FROM bh_kv WHERE key >= ? AND ";
			this.bounded = select + "key < ? AND " + LIVE + " ORDER BY key";
			this.unbounded = select + LIVE + " ORDER BY key";
		}

		<T> List<T> run(KvStore store, String prefix, RowMapper<T> mapper) {
			if (prefix == null) {
				throw new KvInvalidArgumentException("Key prefix is null; use \"\" to list every key");
			}
			String upperBound = KeyRange.upperBound(prefix);
			PreparedStatement select = store.context().prepare((upperBound != null) ? bounded : unbounded);
			try {
				int index = 1;
				select.setString(index++, prefix);
				if (upperBound != null) {
					select.setString(index++, upperBound);
				}
				select.setLong(index, store.clock.millis());
				List<T> results = new ArrayList<>();
				try (ResultSet rows = select.executeQuery()) {
					while (rows.next()) {
						results.add(mapper.map(rows));
					}
				}
				return results;
			}
			catch (SQLException ex) {
				throw store.failure("list keys starting with '" + prefix + "'", ex);
			}
		}

	}

	@FunctionalInterface
	private interface RowMapper<T> {

		T map(ResultSet row) throws SQLException;

	}

}
