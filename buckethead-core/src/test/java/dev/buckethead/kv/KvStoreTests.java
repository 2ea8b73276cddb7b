package dev.buckethead.kv;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.buckethead.bucket.LocalDirectoryBucketClient;
import dev.buckethead.config.BucketHeadConfigException;
import dev.buckethead.test.MutableClock;
import dev.buckethead.view.TestViewContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class KvStoreTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private TestViewContext context;

	private KvStore kv;

	@BeforeEach
	void setUp(@TempDir Path bucketDir) {
		context = new TestViewContext(new LocalDirectoryBucketClient(bucketDir));
		kv = new KvStore(context, KvOptions.defaults().withClock(clock).withMaxValueBytes(32));
	}

	@AfterEach
	void tearDown() throws SQLException {
		context.close();
	}

	@Test
	void roundTripsText() {
		kv.set("greeting", "héllo wörld 😀 日本");
		assertThat(kv.get("greeting")).isEqualTo("héllo wörld 😀 日本");
		assertThat(kv.find("greeting")).contains("héllo wörld 😀 日本");
	}

	@Test
	void roundTripsBytesThatAreNotText() {
		byte[] bytes = { (byte) 0xff, 0, (byte) 0xc3, 42 };
		kv.setBytes("blob", bytes);
		assertThat(kv.getBytes("blob")).containsExactly(bytes);
		assertThat(kv.findBytes("blob")).hasValueSatisfying((found) -> assertThat(found).containsExactly(bytes));
	}

	@Test
	void roundTripsEmptyValues() {
		kv.set("empty-text", "");
		kv.setBytes("empty-bytes", new byte[0]);
		assertThat(kv.get("empty-text")).isEmpty();
		assertThat(kv.getBytes("empty-bytes")).isEmpty();
	}

	@Test
	void textIsStoredAsUtf8Bytes() {
		kv.set("k", "é");
		assertThat(kv.getBytes("k")).containsExactly("é".getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void absentKeysReadAsNullAndEmpty() {
		assertThat(kv.get("missing")).isNull();
		assertThat(kv.getBytes("missing")).isNull();
		assertThat(kv.find("missing")).isEmpty();
		assertThat(kv.findBytes("missing")).isEmpty();
		assertThat(kv.contains("missing")).isFalse();
	}

	@Test
	void setReplacesTheValue() {
		kv.set("k", "one");
		kv.set("k", "two");
		assertThat(kv.get("k")).isEqualTo("two");
		assertThat(kv.size()).isOne();
	}

	@Test
	void readingBytesAsTextPointsToGetBytes() {
		kv.setBytes("blob", new byte[] { 'o', 'k', (byte) 0xff });
		assertThatExceptionOfType(KvValueNotTextException.class).isThrownBy(() -> kv.get("blob"))
			.withMessageContaining("'blob'")
			.withMessageContaining("malformed at byte 2")
			.withMessageContaining("getBytes(\"blob\")");
	}

	@Test
	void refusesValuesOverTheLimitCountingUtf8Bytes() {
		kv.set("fits", "0123456789abcdef0123456789abcdef");
		// 17 characters, 34 bytes.
		assertThatExceptionOfType(KvValueTooLargeException.class)
			.isThrownBy(() -> kv.set("big", "é".repeat(17)))
			.withMessageContaining("'big' is 34 bytes")
			.withMessageContaining("limit of 32 bytes")
			.withMessageContaining("files().put(...)")
			.satisfies((ex) -> assertThat(ex.sizeBytes()).isEqualTo(34));
		assertThatExceptionOfType(KvValueTooLargeException.class).isThrownBy(() -> kv.setBytes("big", new byte[33]));
		assertThatExceptionOfType(KvValueTooLargeException.class)
			.isThrownBy(() -> kv.asMap().put("big", "x".repeat(33)));
		assertThat(kv.contains("big")).isFalse();
	}

	@Test
	void defaultLimitIsOneMebibyte() {
		KvStore defaults = new KvStore(context);
		defaults.setBytes("max", new byte[1024 * 1024]);
		assertThatExceptionOfType(KvValueTooLargeException.class)
			.isThrownBy(() -> defaults.setBytes("over", new byte[1024 * 1024 + 1]))
			.withMessageContaining("limit of 1048576 bytes");
	}

	@Test
	void refusesNullAndEmptyKeys() {
		assertThatExceptionOfType(KvInvalidKeyException.class).isThrownBy(() -> kv.set(null, "v"))
			.withMessageContaining("key is null");
		assertThatExceptionOfType(KvInvalidKeyException.class).isThrownBy(() -> kv.set("", "v"))
			.withMessageContaining("key is empty");
		assertThatExceptionOfType(KvInvalidKeyException.class).isThrownBy(() -> kv.get(""));
		assertThatExceptionOfType(KvInvalidKeyException.class).isThrownBy(() -> kv.delete(null));
	}

	@Test
	void refusesWritingKeysLongerThanTheLimitInUtf8Bytes() {
		KvStore limited = new KvStore(context, KvOptions.defaults().withMaxKeyBytes(8));
		limited.set("12345678", "fits");
		limited.set("😀😀", "two four-byte characters");
		assertThat(limited.get("12345678")).isEqualTo("fits");
		KvKeyTooLongException tooLong = catchThrowableOfType(KvKeyTooLongException.class,
				() -> limited.set("ééééé", "v"));
		assertThat(tooLong.lengthBytes()).isEqualTo(10);
		assertThat(tooLong.maxKeyBytes()).isEqualTo(8);
		assertThat(tooLong).hasMessageContaining("10 bytes long in UTF-8").hasMessageContaining("limit of 8 bytes");
		assertThatExceptionOfType(KvKeyTooLongException.class).isThrownBy(() -> limited.set("123456789", "v"));
		assertThatExceptionOfType(KvKeyTooLongException.class)
			.isThrownBy(() -> limited.set("123456789", "v", Duration.ofMinutes(1)));
		assertThatExceptionOfType(KvKeyTooLongException.class).isThrownBy(() -> limited.setBytes("123456789", new byte[1]));
		assertThatExceptionOfType(KvKeyTooLongException.class)
			.isThrownBy(() -> limited.setBytes("123456789", new byte[1], Duration.ofMinutes(1)));
		assertThatExceptionOfType(KvKeyTooLongException.class)
			.isThrownBy(() -> limited.asMap().put("123456789", "v"));
		assertThat(limited.keys("")).containsExactly("12345678", "😀😀");
	}

	@Test
	void theDefaultKeyLimitIsOneKibibyteOfUtf8() {
		assertThat(KvOptions.defaults().maxKeyBytes()).isEqualTo(1024);
		kv.set("a".repeat(1024), "v");
		kv.set("é".repeat(512), "v");
		assertThatExceptionOfType(KvKeyTooLongException.class).isThrownBy(() -> kv.set("a".repeat(1025), "v"))
			.withMessageContaining("1025 bytes");
		assertThatExceptionOfType(KvKeyTooLongException.class).isThrownBy(() -> kv.set("é".repeat(513), "v"))
			.withMessageContaining("1026 bytes");
		assertThat(kv.size()).isEqualTo(2);
	}

	@Test
	void theKeyLimitErrorShowsTheStartOfTheKeyNotAllOfIt() {
		String key = "tenant-42/" + "x".repeat(2000);
		assertThatExceptionOfType(KvKeyTooLongException.class).isThrownBy(() -> kv.set(key, "v"))
			.withMessageContaining("'tenant-42/xxxxxxxxxxxxxxxxxxxxxx...'")
			.withMessageContaining("2010 bytes")
			.withMessageNotContaining(key);
	}

	@Test
	void readsAndDeletesTakeKeysWrittenUnderAHigherLimit() {
		String key = "k".repeat(1500);
		new KvStore(context, KvOptions.defaults().withMaxKeyBytes(2048)).set(key, "kept");
		assertThat(kv.get(key)).isEqualTo("kept");
		assertThat(kv.contains(key)).isTrue();
		assertThat(kv.keys("k")).containsExactly(key);
		assertThat(kv.delete(key)).isTrue();
		assertThat(kv.contains(key)).isFalse();
	}

	@Test
	void optionsRefuseANonPositiveKeyLimit() {
		assertThatExceptionOfType(BucketHeadConfigException.class)
			.isThrownBy(() -> KvOptions.defaults().withMaxKeyBytes(0))
			.withMessageContaining("KvOptions.maxKeyBytes must be at least 1, got 0");
	}

	@Test
	void refusesKeysAndValuesWithUnpairedSurrogates() {
		assertThatExceptionOfType(KvInvalidKeyException.class).isThrownBy(() -> kv.set("a\uD800", "v"))
			.withMessageContaining("unpaired surrogate at index 1");
		assertThatExceptionOfType(KvInvalidArgumentException.class).isThrownBy(() -> kv.set("k", "\uDC00"))
			.withMessageContaining("setBytes");
	}

	@Test
	void refusesNullValues() {
		assertThatExceptionOfType(KvInvalidArgumentException.class).isThrownBy(() -> kv.set("k", null))
			.withMessageContaining("'k' is null")
			.withMessageContaining("delete");
		assertThatExceptionOfType(KvInvalidArgumentException.class).isThrownBy(() -> kv.setBytes("k", null));
	}

	@Test
	void refusesTimeToLivesThatAreNotPositive() {
		assertThatExceptionOfType(KvInvalidArgumentException.class)
			.isThrownBy(() -> kv.set("k", "v", Duration.ZERO))
			.withMessageContaining("must be positive");
		assertThatExceptionOfType(KvInvalidArgumentException.class)
			.isThrownBy(() -> kv.set("k", "v", Duration.ofSeconds(-1)));
	}

	@Test
	void deleteSaysWhetherTheKeyExisted() {
		kv.set("k", "v");
		assertThat(kv.delete("k")).isTrue();
		assertThat(kv.delete("k")).isFalse();
		assertThat(kv.get("k")).isNull();
	}

	@Test
	void expiredEntriesReadAsAbsentEverywhere() throws SQLException {
		kv.set("session", "abc", Duration.ofSeconds(10));
		kv.set("forever", "x");
		clock.advance(Duration.ofMillis(9_999));
		assertThat(kv.get("session")).isEqualTo("abc");
		clock.advance(Duration.ofMillis(1));
		assertThat(kv.get("session")).isNull();
		assertThat(kv.getBytes("session")).isNull();
		assertThat(kv.contains("session")).isFalse();
		assertThat(kv.size()).isOne();
		assertThat(kv.keys()).containsExactly("forever");
		assertThat(kv.entries()).containsOnlyKeys("forever");
		assertThat(kv.asMap()).doesNotContainKey("session").hasSize(1);
		assertThat(kv.delete("session")).isFalse();
	}

	@Test
	void purgeDeletesExpiredRows() throws SQLException {
		kv.set("a", "1", Duration.ofSeconds(1));
		kv.set("b", "2", Duration.ofSeconds(5));
		kv.set("c", "3");
		clock.advance(Duration.ofSeconds(2));
		assertThat(rowCount()).isEqualTo(3);
		assertThat(kv.purgeExpired()).isOne();
		assertThat(rowCount()).isEqualTo(2);
		assertThat(kv.get("b")).isEqualTo("2");
	}

	@Test
	void writesPurgeExpiredRowsPeriodically() throws SQLException {
		KvStore purging = new KvStore(context, KvOptions.defaults().withClock(clock).withPurgeEveryWrites(3));
		purging.set("short", "1", Duration.ofSeconds(1));
		purging.set("long", "2", Duration.ofHours(1));
		clock.advance(Duration.ofSeconds(1));
		assertThat(rowCount()).isEqualTo(2);
		purging.set("third", "3");
		assertThat(rowCount()).isEqualTo(2);
		assertThat(purging.keys()).containsExactly("long", "third");
	}

	@Test
	void settingWithoutTimeToLiveClearsTheOldOne() {
		kv.set("k", "v", Duration.ofSeconds(1));
		kv.set("k", "w");
		clock.advance(Duration.ofDays(1));
		assertThat(kv.get("k")).isEqualTo("w");
	}

	@Test
	void aHugeTimeToLiveNeverExpires() {
		kv.set("k", "v", Duration.ofSeconds(Long.MAX_VALUE));
		clock.advance(Duration.ofDays(365_000));
		assertThat(kv.get("k")).isEqualTo("v");
	}

	@Test
	void prefixesMatchPercentAndUnderscoreLiterally() {
		for (String key : List.of("a%b", "a_b", "axb", "a%c", "ab", "b", "a")) {
			kv.set(key, key.toUpperCase());
		}
		assertThat(kv.keys("a%")).containsExactly("a%b", "a%c");
		assertThat(kv.keys("a_")).containsExactly("a_b");
		assertThat(kv.keys("a")).containsExactly("a", "a%b", "a%c", "a_b", "ab", "axb");
		assertThat(kv.keys("c")).isEmpty();
		assertThat(kv.entries("a%")).containsExactly(entry("a%b", "A%B"), entry("a%c", "A%C"));
	}

	@Test
	void keysAreInCodePointOrder() {
		for (String key : List.of("é😀", "ê", "éz", "é", "e")) {
			kv.set(key, "v");
		}
		// 'z' (U+007A) sorts before the emoji (U+1F600), unlike in UTF-16 order.
		assertThat(kv.keys("é")).containsExactly("é", "éz", "é😀");
		assertThat(kv.keys()).containsExactly("e", "é", "éz", "é😀", "ê");
	}

	@Test
	void entriesRefuseValuesThatAreNotText() {
		kv.set("a", "text");
		kv.setBytes("b", new byte[] { (byte) 0xfe });
		assertThatExceptionOfType(KvValueNotTextException.class).isThrownBy(() -> kv.entries())
			.withMessageContaining("'b'");
		assertThat(kv.entries("a")).containsExactly(entry("a", "text"));
	}

	@Test
	void clearRemovesEverything() {
		kv.set("a", "1");
		kv.set("b", "2");
		kv.clear();
		assertThat(kv.size()).isZero();
		assertThat(kv.keys()).isEmpty();
	}

	@Test
	void mapViewPutAndRemoveReturnThePreviousValue() {
		var map = kv.asMap();
		assertThat(map.put("k", "one")).isNull();
		assertThat(map.put("k", "two")).isEqualTo("one");
		assertThat(map.get("k")).isEqualTo("two");
		assertThat(map.remove("k")).isEqualTo("two");
		assertThat(map.remove("k")).isNull();
		assertThat(map.get(42)).isNull();
		assertThat(map.containsKey(42)).isFalse();
	}

	@Test
	void mapViewIgnoresExpiredPreviousValues() {
		kv.set("k", "old", Duration.ofSeconds(1));
		clock.advance(Duration.ofSeconds(1));
		assertThat(kv.asMap().put("k", "new")).isNull();
		assertThat(kv.get("k")).isEqualTo("new");
	}

	@Test
	void mapViewIteratesInKeyOrder() {
		var map = kv.asMap();
		map.put("c", "3");
		map.put("a", "1");
		map.put("b", "2");
		assertThat(map).hasSize(3).containsKey("a").doesNotContainKey("z");
		assertThat(map.keySet()).containsExactly("a", "b", "c");
		assertThat(map.values()).containsExactly("1", "2", "3");
		assertThat(map.entrySet()).containsExactly(entry("a", "1"), entry("b", "2"), entry("c", "3"));
		assertThat(map).isEqualTo(java.util.Map.of("a", "1", "b", "2", "c", "3"));
	}

	@Test
	void mapViewWritesThroughIteratorsAndEntries() {
		var map = kv.asMap();
		map.put("a", "1");
		map.put("b", "2");
		map.put("c", "3");
		var entries = map.entrySet().iterator();
		entries.next().setValue("one");
		entries.next();
		entries.remove();
		assertThat(kv.entries()).containsExactly(entry("a", "one"), entry("c", "3"));
		assertThat(map.keySet().remove("c")).isTrue();
		assertThat(map.keySet().remove("c")).isFalse();
		assertThat(kv.keys()).containsExactly("a");
		map.clear();
		assertThat(map).isEmpty();
	}

	@Test
	void mapViewPutOverBytesFailsWithoutWriting() {
		byte[] bytes = { (byte) 0xff };
		kv.setBytes("blob", bytes);
		assertThatExceptionOfType(KvValueNotTextException.class).isThrownBy(() -> kv.asMap().put("blob", "text"));
		assertThatExceptionOfType(KvValueNotTextException.class).isThrownBy(() -> kv.asMap().remove("blob"));
		assertThat(kv.getBytes("blob")).containsExactly(bytes);
	}

	@Test
	void concurrentWritersAllLand() throws Exception {
		int threads = 4;
		int perThread = 2000;
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			List<Future<?>> writers = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				String prefix = "t" + t + "/";
				writers.add(executor.submit(() -> {
					for (int i = 0; i < perThread; i++) {
						kv.set(prefix + i, Integer.toString(i));
					}
				}));
			}
			for (Future<?> writer : writers) {
				writer.get();
			}
		}
		finally {
			executor.shutdown();
		}
		assertThat(kv.size()).isEqualTo(threads * perThread);
		for (int t = 0; t < threads; t++) {
			assertThat(kv.keys("t" + t + "/")).hasSize(perThread);
			assertThat(kv.get("t" + t + "/1999")).isEqualTo("1999");
		}
	}

	@Test
	void concurrentMapPutsEachSeeTheValueTheyReplace() throws Exception {
		int threads = 4;
		int perThread = 500;
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		List<String> replaced = Collections.synchronizedList(new ArrayList<>());
		try {
			List<Future<?>> writers = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				String writer = "w" + t + "-";
				writers.add(executor.submit(() -> {
					for (int i = 0; i < perThread; i++) {
						String previous = kv.asMap().put("shared", writer + i);
						if (previous != null) {
							replaced.add(previous);
						}
					}
				}));
			}
			for (Future<?> writer : writers) {
				writer.get();
			}
		}
		finally {
			executor.shutdown();
		}
		// Atomic get-and-set: every value but the last is replaced exactly once.
		Set<String> seen = new HashSet<>(replaced);
		seen.add(kv.get("shared"));
		assertThat(replaced).hasSize(threads * perThread - 1).doesNotHaveDuplicates();
		assertThat(seen).hasSize(threads * perThread);
	}

	@Test
	void recreatesItsTableAfterTheDatabaseIsReplaced() throws SQLException {
		kv.set("k", "v");
		context.replaceWithEmptyDatabase();
		assertThat(kv.get("k")).isNull();
		kv.set("k", "w");
		assertThat(kv.get("k")).isEqualTo("w");
	}

	@Test
	void addsTheExpiryColumnToATableWithoutOne() throws SQLException {
		context.replaceWithEmptyDatabase();
		execute("DROP TABLE bh_kv");
		execute("CREATE TABLE bh_kv (key TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID");
		execute("INSERT INTO bh_kv VALUES ('old', CAST('from python' AS BLOB))");
		KvStore upgraded = new KvStore(context);
		assertThat(upgraded.get("old")).isEqualTo("from python");
		upgraded.set("new", "v", Duration.ofHours(1));
		assertThat(upgraded.keys()).containsExactly("new", "old");
	}

	private int rowCount() throws SQLException {
		try (Statement statement = context.connection().createStatement();
				ResultSet rows = statement.executeQuery("SELECT count(*) FROM bh_kv")) {
			rows.next();
			return rows.getInt(1);
		}
	}

	private void execute(String sql) throws SQLException {
		try (Statement statement = context.connection().createStatement()) {
			statement.execute(sql);
		}
	}

	private static java.util.Map.Entry<String, String> entry(String key, String value) {
		return java.util.Map.entry(key, value);
	}

}
