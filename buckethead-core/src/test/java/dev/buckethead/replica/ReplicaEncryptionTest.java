package dev.buckethead.replica;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.buckethead.BucketSQLite;
import dev.buckethead.bucket.BucketClient;
import dev.buckethead.bucket.TestBuckets;
import dev.buckethead.encryption.EncryptionException;
import dev.buckethead.encryption.EncryptionKey;
import dev.buckethead.encryption.KeyProvider;
import dev.buckethead.encryption.KeyRing;
import dev.buckethead.encryption.UnknownKeyException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A replica of an encrypted branch on the real S3 test server: with the writer's key it follows and reads the
 * rows, kv values and files; without a key, or with another key, it refuses to start naming the key id it needs,
 * and never serves what it could not decrypt.
 */
class ReplicaEncryptionTest {

	private static final KeyRing KEY_A = KeyRing.of(EncryptionKey.of(filled(21)));

	private static final KeyRing KEY_B = KeyRing.of(EncryptionKey.of(filled(22)));

	@TempDir
	Path temp;

	private BucketClient bucket;

	private final List<AutoCloseable> open = new ArrayList<>();

	@BeforeEach
	void bucket() {
		bucket = TestBuckets.newS3Bucket("replica-encrypted");
	}

	@AfterEach
	void closeAll() throws Exception {
		for (int i = open.size() - 1; i >= 0; i--) {
			open.get(i).close();
		}
		bucket.close();
	}

	private BucketSQLite.Builder engine(String directory, @Nullable KeyProvider keys) {
		return BucketSQLite.builder()
			.bucket(bucket)
			.directory(temp.resolve(directory))
			.flushInterval(Duration.ZERO)
			.chunkSize(16 * 1024)
			.pageDeltas(true)
			.encryption(keys);
	}

	private BucketSQLite writer() throws SQLException {
		BucketSQLite writer = engine("writer", KEY_A).build().start();
		open.add(writer);
		try (Connection c = writer.connect(); Statement s = c.createStatement()) {
			s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
			s.execute(rows(1, 300, "'row ' || i"));
		}
		writer.forceFlush();
		return writer;
	}

	private BucketReplica replica(String directory, @Nullable KeyProvider keys) {
		BucketReplica replica = engine(directory, keys).replicaOf("main").pollInterval(Duration.ZERO).build().start();
		open.add(replica);
		return replica;
	}

	@Test
	void aReplicaWithTheWritersKeyFollowsAnEncryptedBranchAndReadsItsRowsValuesAndFiles() throws Exception {
		BucketSQLite writer = writer();
		writer.kv().set("greeting", "hello");
		String file = writer.files().put("sealed blob".getBytes(StandardCharsets.UTF_8));
		writer.forceFlush();

		BucketReplica replica = replica("replica", KEY_A);
		assertThat(count(replica, "SELECT count(*) FROM t")).isEqualTo(300);
		assertThat(replica.kv().get("greeting")).isEqualTo("hello");
		try (var in = replica.files().open(file)) {
			assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("sealed blob");
		}

		try (Connection c = writer.connect(); Statement s = c.createStatement()) {
			s.execute("UPDATE t SET v = 'changed' WHERE id <= 40");
			s.execute(rows(301, 350, "'more'"));
		}
		writer.forceFlush();
		ReplicaStatus status = replica.pollNow();
		assertThat(status.generation()).isEqualTo(writer.generation().orElseThrow());
		assertThat(count(replica, "SELECT count(*) FROM t")).isEqualTo(350);
		assertThat(count(replica, "SELECT count(*) FROM t WHERE v = 'changed'")).isEqualTo(40);
	}

	@Test
	void aReplicaWithoutAKeyOrWithAnotherKeyIsRefusedNamingTheKeyIdItNeeds() throws Exception {
		writer();
		String needed = KEY_A.primary().id();
		assertThatExceptionOfType(EncryptionException.class).isThrownBy(() -> replica("no-key", null))
			.withMessageContaining(needed)
			.withMessageContaining("buckethead.encryption.key");
		assertThatExceptionOfType(UnknownKeyException.class).isThrownBy(() -> replica("wrong-key", KEY_B))
			.satisfies((ex) -> assertThat(ex.keyId()).isEqualTo(needed))
			.withMessageContaining(needed);
	}

	private static long count(BucketReplica replica, String sql) throws SQLException {
		try (Connection c = replica.connect(); Statement s = c.createStatement(); ResultSet rows = s.executeQuery(sql)) {
			rows.next();
			return rows.getLong(1);
		}
	}

	/** Inserts rows {@code from} to {@code to} with the value {@code value} (an expression of {@code i}). */
	private static String rows(int from, int to, String value) {
		return "WITH RECURSIVE n(i) AS (SELECT " + from + " UNION ALL SELECT i + 1 FROM n WHERE i < " + to + ") "
				+ "INSERT INTO t SELECT i, " + value + " FROM n";
	}

	private static byte[] filled(int value) {
		byte[] key = new byte[32];
		Arrays.fill(key, (byte) value);
		return key;
	}

}
