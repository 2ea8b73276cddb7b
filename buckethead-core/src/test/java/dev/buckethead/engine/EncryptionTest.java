package dev.buckethead.engine;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import dev.buckethead.BucketSQLite;
import dev.buckethead.bucket.BucketClient;
import dev.buckethead.bucket.IoCounters;
import dev.buckethead.bucket.ObjectInfo;
import dev.buckethead.encryption.EncryptingBucketClient;
import dev.buckethead.encryption.EncryptionException;
import dev.buckethead.encryption.EncryptionKey;
import dev.buckethead.encryption.KeyRing;
import dev.buckethead.encryption.KeyRotation;
import dev.buckethead.encryption.TamperedObjectException;
import dev.buckethead.encryption.UnknownKeyException;
import dev.buckethead.files.FileStoreOptions;
import dev.buckethead.live.LiveStorage;
import dev.buckethead.snapshot.Manifest;
import dev.buckethead.snapshot.RestorePoint;
import dev.buckethead.snapshot.SnapshotBucket;
import dev.buckethead.snapshot.SnapshotLayout;
import dev.buckethead.snapshot.SnapshotRepository;
import dev.buckethead.test.RowDigest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.buckethead.engine.EngineFixture.execute;
import static dev.buckethead.engine.EngineFixture.fill;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Encryption end to end on the real S3 test server: what the bucket's owner can see (nothing of the data, no
 * content hash), that deduplication is kept, and that wrong keys, missing keys and tampering fail clearly.
 */
class EncryptionTest extends EngineTest {

	private static final String DB_MARKER = "db-marker-5f1d0c8e-only-in-the-database";

	private static final String FILE_MARKER = "file-marker-93ab77e2-only-in-the-blob";

	private static final KeyRing KEY_A = KeyRing.of(EncryptionKey.of(filled(7)));

	private static final KeyRing KEY_B = KeyRing.of(EncryptionKey.of(filled(8)));

	private static final String KEY = SnapshotLayout.DEFAULT_SNAPSHOT_KEY;

	@ParameterizedTest(name = "page deltas {0}")
	@ValueSource(booleans = { false, true })
	void theBucketHoldsNoPlaintextAndNoContentHash(boolean pageDeltas) throws Exception {
		byte[] blob = (FILE_MARKER + " and some more text of the blob").getBytes(StandardCharsets.UTF_8);
		String expected;
		try (BucketSQLite engine = start(KEY_A, pageDeltas)) {
			fill(engine.connection(), 200, 600);
			execute(engine.connection(), "CREATE TABLE notes (body TEXT)");
			execute(engine.connection(), "INSERT INTO notes VALUES ('" + DB_MARKER + "')");
			engine.files().put(blob);
			engine.forceFlush();
			execute(engine.connection(), "INSERT INTO notes VALUES ('" + DB_MARKER + " again')");
			execute(engine.connection(), "UPDATE t SET payload = randomblob(600) WHERE id <= 2");
			engine.forceFlush();
			expected = digest(engine.connection());
		}
		Set<String> hashes = new HashSet<>();
		hashes.add(sha256(blob));
		try (SnapshotRepository repository = repository(KEY_A)) {
			for (Manifest manifest : repository.generations("main")) {
				manifest.chunks().forEach((chunk) -> hashes.add(chunk.sha256()));
				hashes.addAll(manifest.references().values());
			}
			assertThat(restoredDigest(repository)).isEqualTo(expected);
		}
		List<ObjectInfo> objects = fixture.bucket().list("");
		assertThat(objects).hasSizeGreaterThan(5);
		for (ObjectInfo object : objects) {
			String text = new String(fixture.bucket().get(object.key()).orElseThrow().data(), StandardCharsets.ISO_8859_1);
			assertThat(text).as(object.key()).doesNotContain(DB_MARKER, FILE_MARKER, "SQLite format 3");
			assertThat(hashes).as(object.key()).noneMatch((hash) -> object.key().contains(hash));
		}
	}

	@Test
	void theSameSmallChangeUploadsTheSameObjectsWithAndWithoutEncryption() throws Exception {
		IoCounters plain = smallChangeCost(EngineFixture.onS3(temp.resolve("plain")), null);
		IoCounters sealed = smallChangeCost(EngineFixture.onS3(temp.resolve("sealed")), KEY_A);
		assertThat(sealed.puts()).isEqualTo(plain.puts());
		// Deduplication kept: the bytes differ by headers and tags only, not by re-uploaded chunks.
		assertThat((double) sealed.bytesOut()).isBetween(plain.bytesOut() * 0.9, plain.bytesOut() * 1.1 + 4096);
	}

	private IoCounters smallChangeCost(EngineFixture engines, KeyRing keys) throws Exception {
		try (BucketSQLite engine = engines.start(LiveStorage.FILE, (builder) -> builder.encryption(keys))) {
			execute(engine.connection(), "CREATE TABLE t (id INTEGER PRIMARY KEY, payload BLOB)");
			execute(engine.connection(), "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) "
					+ "INSERT INTO t SELECT i, zeroblob(400) || printf('%08d', i) FROM n");
			engine.forceFlush();
			execute(engine.connection(), "UPDATE t SET payload = zeroblob(400) || 'changed!' WHERE id % 100 = 0");
			IoCounters before = engines.bucket().counters();
			engine.forceFlush();
			return engines.bucket().counters().minus(before);
		}
	}

	@Test
	void aWrongKeyAMissingKeyAndAPlainBucketAreRefusedNamingTheKeyId() throws Exception {
		try (BucketSQLite engine = start(KEY_A, false)) {
			fill(engine.connection(), 10, 100);
		}
		assertThatExceptionOfType(UnknownKeyException.class).isThrownBy(() -> start(KEY_B, false))
			.satisfies((ex) -> assertThat(ex.keyId()).isEqualTo(KEY_A.primary().id()))
			.withMessageContaining(KEY_A.primary().id());
		assertThatExceptionOfType(EncryptionException.class).isThrownBy(() -> start(null, false))
			.withMessageContaining(KEY_A.primary().id())
			.withMessageContaining("buckethead.encryption.key");

		EngineFixture plainBucket = EngineFixture.onS3(temp.resolve("plain-live"));
		try (BucketSQLite engine = plainBucket.start(LiveStorage.FILE)) {
			fill(engine.connection(), 10, 100);
		}
		assertThatExceptionOfType(EncryptionException.class)
			.isThrownBy(() -> plainBucket.start(LiveStorage.FILE, (builder) -> builder.encryption(KEY_A)))
			.withMessageContaining("unencrypted snapshots")
			.withMessageContaining("import");
	}

	@Test
	void aTamperedHeadOrPackFailsNamingTheObjectAndAHeadMovedToAnotherBranchFails() throws Exception {
		SnapshotLayout layout = new SnapshotLayout(KEY);
		try (BucketSQLite engine = start(KEY_A, false)) {
			fill(engine.connection(), 100, 500);
			engine.forceFlush();
		}
		BucketClient raw = fixture.bucket();
		String head = layout.headKey("main");
		byte[] original = raw.get(head).orElseThrow().data();
		byte[] tampered = original.clone();
		tampered[tampered.length - 3] ^= 1;
		raw.put(head, tampered);
		assertThatExceptionOfType(TamperedObjectException.class).isThrownBy(() -> start(KEY_A, false))
			.satisfies((ex) -> assertThat(ex.key()).isEqualTo(head));
		raw.put(head, original);

		raw.put(layout.headKey("copy"), original);
		assertThatExceptionOfType(TamperedObjectException.class)
			.isThrownBy(() -> start(KEY_A, false, (builder) -> builder.branch("copy")))
			.withMessageContaining(layout.headKey("copy"));

		ObjectInfo pack = raw.list(layout.packPrefix()).get(0);
		byte[] packBytes = raw.get(pack.key()).orElseThrow().data();
		packBytes[packBytes.length / 2] ^= 1;
		raw.put(pack.key(), packBytes);
		assertThatExceptionOfType(TamperedObjectException.class).isThrownBy(() -> start(KEY_A, false))
			.satisfies((ex) -> assertThat(ex.key()).isEqualTo(pack.key()));
	}

	@Test
	void rotationReSealsEverythingSoTheOldKeyCanLeaveTheRingAndGcKeepsWhatIsNeeded() throws Exception {
		String expected;
		byte[] blob = "a blob to keep".getBytes(StandardCharsets.UTF_8);
		String fileKey;
		try (BucketSQLite engine = start(KEY_A, true)) {
			fill(engine.connection(), 100, 500);
			fileKey = engine.files().put(blob);
			engine.forceFlush();
			execute(engine.connection(), "UPDATE t SET payload = x'01' WHERE id = 1");
			engine.forceFlush();
		}
		KeyRing rotated = KeyRing.of(KEY_B.primary(), KEY_A.primary());
		try (BucketSQLite engine = start(rotated, true)) {
			execute(engine.connection(), "UPDATE t SET payload = x'02' WHERE id = 2");
			engine.forceFlush();
			expected = digest(engine.connection());
		}
		EncryptingBucketClient sealed = new EncryptingBucketClient(fixture.bucket(), rotated);
		SnapshotLayout layout = new SnapshotLayout(KEY);
		KeyRotation.Report report = KeyRotation.rotate(sealed,
				List.of(layout.root(), FileStoreOptions.DEFAULT_OBJECT_PREFIX), layout.encryptionMarkerKey());
		assertThat(report.resealed()).isPositive();
		assertThat(report.current()).isPositive();
		for (ObjectInfo object : fixture.bucket().list("")) {
			assertThat(sealed.keyIdOf(object.key())).as(object.key()).contains(KEY_B.primary().id());
		}

		try (SnapshotRepository repository = repository(KEY_B)) {
			repository.gc(Duration.ZERO, false);
			assertThat(restoredDigest(repository)).isEqualTo(expected);
		}
		try (BucketSQLite engine = start(KEY_B, true, (builder) -> builder
			.fileStoreOptions(FileStoreOptions.defaults().withGcGracePeriod(Duration.ZERO)))) {
			assertThat(digest(engine.connection())).isEqualTo(expected);
			assertThat(engine.files().open(fileKey).readAllBytes()).isEqualTo(blob);
			String orphan = engine.files().put("an orphan".getBytes(StandardCharsets.UTF_8));
			engine.files().delete(orphan);
			var gc = engine.files().gc();
			assertThat(gc.deleted()).hasSize(1).allMatch((name) -> name.startsWith("bhk-"));
			assertThat(engine.files().open(fileKey).readAllBytes()).isEqualTo(blob);
		}
	}

	private BucketSQLite start(KeyRing keys, boolean pageDeltas) {
		return start(keys, pageDeltas, (builder) -> {
		});
	}

	private BucketSQLite start(KeyRing keys, boolean pageDeltas,
			java.util.function.Consumer<BucketSQLite.Builder> more) {
		return fixture.start(LiveStorage.FILE, (builder) -> {
			builder.encryption(keys).pageDeltas(pageDeltas);
			more.accept(builder);
		});
	}

	private SnapshotRepository repository(KeyRing keys) {
		return new SnapshotRepository(SnapshotBucket.open(fixture.bucket(), KEY, keys), 10, List.of());
	}

	private String restoredDigest(SnapshotRepository repository) throws Exception {
		Path out = temp.resolve("restored-" + System.nanoTime() + ".db");
		repository.restoreTo("main", RestorePoint.latest(), out, true);
		try (Connection restored = DriverManager.getConnection("jdbc:sqlite:" + out)) {
			return digest(restored);
		}
	}

	private static String digest(Connection connection) throws SQLException {
		return RowDigest.of(connection, "t");
	}

	private static String sha256(byte[] data) throws Exception {
		return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
	}

	private static byte[] filled(int value) {
		byte[] key = new byte[32];
		java.util.Arrays.fill(key, (byte) value);
		return key;
	}

}
