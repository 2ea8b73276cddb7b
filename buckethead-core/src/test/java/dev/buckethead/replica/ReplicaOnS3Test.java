package dev.buckethead.replica;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.buckethead.BucketSQLite;
import dev.buckethead.bucket.BucketClient;
import dev.buckethead.bucket.IoCounters;
import dev.buckethead.bucket.TestBuckets;
import dev.buckethead.encryption.EncryptionException;
import dev.buckethead.encryption.EncryptionKey;
import dev.buckethead.encryption.KeyProvider;
import dev.buckethead.encryption.KeyRing;
import dev.buckethead.encryption.UnknownKeyException;
import dev.buckethead.snapshot.ChainLimits;
import dev.buckethead.snapshot.RestorePoint;
import dev.buckethead.snapshot.SnapshotRepository;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A writer and a replica on the real S3 test server: the replica follows delta steps, bases and a re-created
 * branch, serves a consistent point to a long reader, refuses writes, and costs one request per idle poll; on an
 * encrypted branch it reads with the writer's key and, without it, refuses to start naming the key id.
 */
class ReplicaOnS3Test {

	private static final KeyRing KEY_A = KeyRing.of(EncryptionKey.of(filled(21)));

	private static final KeyRing KEY_B = KeyRing.of(EncryptionKey.of(filled(22)));

	@TempDir
	Path temp;

	private BucketClient bucket;

	private final List<AutoCloseable> open = new ArrayList<>();

	@BeforeEach
	void bucket() {
		bucket = TestBuckets.newS3Bucket("replica");
	}

	@AfterEach
	void closeAll() throws Exception {
		for (int i = open.size() - 1; i >= 0; i--) {
			open.get(i).close();
		}
		bucket.close();
	}

	private BucketSQLite.Builder engine(String directory) {
		return BucketSQLite.builder()
			.bucket(bucket)
			.directory(temp.resolve(directory))
			.flushInterval(Duration.ZERO)
			.chunkSize(16 * 1024)
			.pageDeltas(true);
	}

	private BucketSQLite writer() {
		return writer(ChainLimits.DEFAULTS);
	}

	private BucketSQLite writer(ChainLimits limits) {
		return writer(engine("writer").chainLimits(limits));
	}

	private BucketSQLite writer(BucketSQLite.Builder builder) {
		BucketSQLite writer = builder.build().start();
		open.add(writer);
		return writer;
	}

	/** A writer with {@link #KEY_A} whose table {@code t} holds {@code rows} rows (not flushed yet). */
	private BucketSQLite encryptedWriter(int rows) throws SQLException {
		BucketSQLite writer = writer(engine("writer").encryption(KEY_A));
		try (Connection c = writer.connect()) {
			execute(c, "CREATE TABLE t (id INTEGER PRIMARY KEY, v BLOB)");
			insertRows(c, 0, rows, new Random(rows));
		}
		return writer;
	}

	private BucketReplica replica() {
		return replica("replica", null);
	}

	/** A replica in {@code directory} with the encryption {@code keys} (null: none). */
	private BucketReplica replica(String directory, @Nullable KeyProvider keys) {
		BucketReplica replica = engine(directory).encryption(keys).replicaOf("main").pollInterval(Duration.ZERO).build()
			.start();
		open.add(replica);
		return replica;
	}

	@Test
	void followsRandomWritesAndEndsEqualToTheWritersLastGeneration() throws Exception {
		BucketSQLite writer = writer();
		try (Connection c = writer.connect()) {
			execute(c, "CREATE TABLE t (id INTEGER PRIMARY KEY, v BLOB)");
			insertRows(c, 0, 500, new Random(1));
		}
		writer.forceFlush();
		BucketReplica replica = replica();
		assertThat(replica.status().generation()).isEqualTo(writer.generation().orElseThrow());
		Random random = new Random(7);
		for (int round = 0; round < 12; round++) {
			try (Connection c = writer.connect()) {
				updateRandomRows(c, random, 20 + random.nextInt(40));
				if (round % 4 == 3) {
					insertRows(c, 1000 + round * 100, 100, random); // the database grows
				}
				if (round == 9) {
					execute(c, "DELETE FROM t WHERE id >= 1000");
					execute(c, "VACUUM"); // and shrinks
				}
			}
			writer.forceFlush();
			ReplicaStatus status = replica.pollNow();
			assertThat(status.generation()).isEqualTo(writer.generation().orElseThrow());
			try (Connection w = writer.connect(); Connection r = replica.connect()) {
				assertThat(checksum(r)).isEqualTo(checksum(w));
			}
		}
		assertThat(replica.status().appliedSteps()).isEqualTo(12);
		assertSameDatabase(replica, writer);
	}

	@Test
	void aReplicaWithTheWritersKeyFollowsAnEncryptedBranchAndReadsItsRowsValuesAndFiles() throws Exception {
		BucketSQLite writer = encryptedWriter(300);
		writer.kv().set("greeting", "hello");
		String file = writer.files().put("sealed blob".getBytes(StandardCharsets.UTF_8));
		writer.forceFlush();
		BucketReplica replica = replica("encrypted-replica", KEY_A);
		assertThat(replica.kv().get("greeting")).isEqualTo("hello");
		try (var in = replica.files().open(file)) {
			assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("sealed blob");
		}
		try (Connection c = writer.connect()) {
			updateRandomRows(c, new Random(12), 40);
			insertRows(c, 1000, 50, new Random(13));
		}
		writer.forceFlush();
		assertThat(replica.pollNow().generation()).isEqualTo(writer.generation().orElseThrow());
		try (Connection w = writer.connect(); Connection r = replica.connect()) {
			assertThat(checksum(r)).isEqualTo(checksum(w));
		}
	}

	@Test
	void aReplicaWithoutAKeyOrWithAnotherKeyIsRefusedNamingTheKeyIdItNeeds() throws Exception {
		encryptedWriter(10).forceFlush();
		String needed = KEY_A.primary().id();
		assertThatExceptionOfType(EncryptionException.class).isThrownBy(() -> replica("no-key", null))
			.withMessageContaining(needed)
			.withMessageContaining("buckethead.encryption.key");
		assertThatExceptionOfType(UnknownKeyException.class).isThrownBy(() -> replica("wrong-key", KEY_B))
			.satisfies((ex) -> assertThat(ex.keyId()).isEqualTo(needed))
			.withMessageContaining(needed);
	}

	@Test
	void followsBaseStepsOfCompaction() throws Exception {
		BucketSQLite writer = writer(new ChainLimits(2, ChainLimits.DEFAULT_MAX_BYTES_RATIO,
				ChainLimits.DEFAULT_HEAD_LAG_STEPS, ChainLimits.DEFAULT_HEAD_LAG_TIME));
		try (Connection c = writer.connect()) {
			execute(c, "CREATE TABLE t (id INTEGER PRIMARY KEY, v BLOB)");
			insertRows(c, 0, 300, new Random(2));
		}
		writer.forceFlush();
		BucketReplica replica = replica();
		List<ReplicaApplied> applied = new ArrayList<>();
		replica.addListener(new ReplicaListener() {
			@Override
			public void onApplied(ReplicaApplied event) {
				applied.add(event);
			}
		});
		Random random = new Random(3);
		for (int round = 0; round < 6; round++) {
			try (Connection c = writer.connect()) {
				updateRandomRows(c, random, 10);
			}
			writer.forceFlush();
			replica.pollNow();
		}
		// A chain past its limits is compacted in the background (deltas go on, naming the new base when it is
		// adopted) or, at twice its limits, by a base step from the live file: either way the replica follows, and a
		// base step costs it only the pages that differ.
		assertThat(applied).anyMatch((event) -> !event.resync());
		assertThat(applied).filteredOn(ReplicaApplied::resync)
			.allSatisfy((event) -> assertThat(event.pagesWritten()).isLessThan(replica.status().sequence() * 100));
		assertSameDatabase(replica, writer);
	}

	@Test
	void aLongReadSeesOnePointAndTheApplyWaitsForIt() throws Exception {
		BucketSQLite writer = writer();
		try (Connection c = writer.connect()) {
			execute(c, "CREATE TABLE t (id INTEGER PRIMARY KEY, v BLOB)");
			insertRows(c, 0, 200, new Random(4));
		}
		writer.forceFlush();
		BucketReplica replica = replica();
		try (Connection c = writer.connect()) {
			execute(c, "UPDATE t SET v = zeroblob(300) WHERE id < 100");
		}
		writer.forceFlush();
		try (Connection reader = replica.connect()) {
			reader.setAutoCommit(false);
			long before = checksum(reader);
			CompletableFuture<ReplicaStatus> apply = CompletableFuture.supplyAsync(replica::pollNow);
			// While the read transaction is open, the apply cannot take the exclusive lock, and the reader keeps
			// seeing its point, however often it reads.
			for (int i = 0; i < 20; i++) {
				assertThat(checksum(reader)).isEqualTo(before);
			}
			assertThat(apply).isNotDone();
			reader.commit();
			apply.get(30, TimeUnit.SECONDS);
			try (Connection w = writer.connect()) {
				assertThat(checksum(reader)).isEqualTo(checksum(w)).isNotEqualTo(before);
			}
		}
	}

	@Test
	void concurrentReadersNeverSeeAMixOfTwoPoints() throws Exception {
		BucketSQLite writer = writer();
		int rows = 2000;
		try (Connection c = writer.connect()) {
			execute(c, "CREATE TABLE acct (id INTEGER PRIMARY KEY, balance INTEGER NOT NULL, pad BLOB)");
			execute(c, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + rows + ") "
					+ "INSERT INTO acct SELECT i, 0, randomblob(300) FROM n");
		}
		writer.forceFlush();
		BucketReplica replica = replica();
		java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
		java.util.concurrent.ConcurrentLinkedQueue<String> wrong = new java.util.concurrent.ConcurrentLinkedQueue<>();
		java.util.concurrent.atomic.AtomicLong reads = new java.util.concurrent.atomic.AtomicLong();
		List<CompletableFuture<Void>> readers = new ArrayList<>();
		for (int r = 0; r < 2; r++) {
			readers.add(CompletableFuture.runAsync(() -> {
				try (Connection c = replica.connect(); Statement s = c.createStatement()) {
					while (!done.get()) {
						// Every point of the branch has balances summing to 0 over all rows: a read that mixed
						// pages of two points would see another sum, another count, or a damaged b-tree.
						try (ResultSet rs = s.executeQuery("SELECT count(*), total(balance) FROM acct")) {
							rs.next();
							if (rs.getLong(1) != rows || rs.getDouble(2) != 0) {
								wrong.add(rs.getLong(1) + " rows, sum " + rs.getDouble(2));
							}
						}
						reads.incrementAndGet();
					}
				}
				catch (SQLException ex) {
					wrong.add(ex.toString());
				}
			}));
		}
		Random random = new Random(11);
		try (Connection c = writer.connect();
				PreparedStatement move = c.prepareStatement("UPDATE acct SET balance = balance + ? WHERE id = ?")) {
			for (int round = 0; round < 10; round++) {
				c.setAutoCommit(false);
				for (int i = 0; i < 50; i++) {
					int amount = 1 + random.nextInt(100);
					move.setInt(1, -amount);
					move.setInt(2, 1 + random.nextInt(rows));
					move.executeUpdate();
					move.setInt(1, amount);
					move.setInt(2, 1 + random.nextInt(rows));
					move.executeUpdate();
				}
				c.commit();
				c.setAutoCommit(true);
				writer.forceFlush();
				replica.pollNow();
			}
		}
		done.set(true);
		CompletableFuture.allOf(readers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
		assertThat(wrong).isEmpty();
		assertThat(reads.get()).isPositive();
		assertThat(replica.status().generation()).isEqualTo(writer.generation().orElseThrow());
		assertSameDatabase(replica, writer);
	}

	@Test
	void refusesWritesThroughConnectionsDataSourceAndViews() throws Exception {
		BucketSQLite writer = writer();
		writer.kv().set("greeting", "hello");
		writer.docs().collection("people").insert(java.util.Map.of("name", "Ada"));
		String file = writer.files().put("a blob".getBytes(java.nio.charset.StandardCharsets.UTF_8));
		writer.forceFlush();
		BucketReplica replica = replica();
		try (var in = replica.files().open(file)) {
			assertThat(in.readAllBytes()).asString(java.nio.charset.StandardCharsets.UTF_8).isEqualTo("a blob");
		}
		assertThatExceptionOfType(ReplicaReadOnlyException.class).isThrownBy(() -> replica.files().delete(file));
		assertThat(replica.kv().get("greeting")).isEqualTo("hello");
		assertThat(replica.docs().collection("people").count(java.util.Map.of())).isEqualTo(1);
		try (Connection c = replica.connect()) {
			assertThat(c.isReadOnly()).isTrue();
			assertThatExceptionOfType(ReplicaReadOnlyException.class)
				.isThrownBy(() -> execute(c, "CREATE TABLE nope (x)"))
				.withMessageContaining("read replica of branch 'main'")
				.withMessageContaining("CREATE TABLE nope")
				.satisfies((ex) -> assertThat(ex.branch()).isEqualTo("main"));
		}
		try (Connection c = replica.dataSource().getConnection()) {
			c.setReadOnly(true); // what @Transactional(readOnly = true) does
			c.setAutoCommit(false);
			try (PreparedStatement insert = c.prepareStatement("INSERT INTO bh_kv (key, value) VALUES (?, ?)")) {
				insert.setString(1, "k");
				insert.setString(2, "v");
				assertThatExceptionOfType(ReplicaReadOnlyException.class).isThrownBy(insert::executeUpdate)
					.withMessageContaining("INSERT INTO bh_kv");
			}
			c.rollback();
			c.setReadOnly(false);
		}
		assertThatExceptionOfType(ReplicaReadOnlyException.class).isThrownBy(() -> replica.kv().set("k", "v"));
		assertThat(replica.kv().get("k")).isNull();
	}

	@Test
	void anIdleBranchCostsOneGetPerPollAndNoList() throws Exception {
		BucketSQLite writer = writer();
		writer.kv().set("a", "1");
		writer.forceFlush();
		BucketReplica replica = replica();
		IoCounters before = replica.ioCounters();
		for (int poll = 0; poll < 60; poll++) {
			replica.pollNow();
		}
		IoCounters idle = replica.ioCounters().minus(before);
		assertThat(idle.lists()).isZero();
		assertThat(idle.puts()).isZero();
		assertThat(idle.totalRequests()).isEqualTo(60);
		assertThat(replica.status().healthy()).isTrue();
		writer.kv().set("a", "2");
		writer.forceFlush();
		IoCounters beforeChange = replica.ioCounters();
		replica.pollNow();
		if (!"2".equals(replica.kv().get("a"))) {
			replica.pollNow(); // the first was a head check (every 10th idle poll): 304
		}
		IoCounters change = replica.ioCounters().minus(beforeChange);
		// The new step, then the 404 of the one after it (and perhaps one head check before).
		assertThat(change.gets()).isBetween(2L, 3L);
		assertThat(change.lists()).isZero();
		assertThat(replica.kv().get("a")).isEqualTo("2");
	}

	@Test
	void startsEmptyBeforeTheFirstFlushAndFollowsARecreatedBranch() throws Exception {
		BucketReplica replica = replica();
		assertThat(replica.status().generation()).isNull();
		assertThat(replica.status().healthy()).isFalse();
		BucketSQLite writer = writer();
		writer.kv().set("a", "1");
		writer.forceFlush();
		replica.pollNow();
		assertThat(replica.status().generation()).isEqualTo(writer.generation().orElseThrow());
		try (Connection c = replica.connect(); Statement s = c.createStatement();
				ResultSet rs = s.executeQuery("SELECT group_concat(name) FROM sqlite_master")) {
			rs.next();
			assertThat(rs.getString(1)).contains("bh_kv");
		}
		assertThat(replica.kv().get("a")).isEqualTo("1");
		// The branch is deleted and created again (a new lineage, steps from 0): the replica finds it at a head check.
		writer.close();
		open.remove(writer);
		try (SnapshotRepository repository = new SnapshotRepository(bucket, "buckethead.db", 10, List.of())) {
			repository.deleteBranch("main");
			repository.gc(Duration.ZERO, false); // a fresh start, not a lost head
		}
		try (BucketSQLite again = engine("writer2").build().start()) {
			again.kv().set("b", "2");
			again.forceFlush();
			for (int poll = 0; poll < ReplicaSettings.DEFAULT_HEAD_CHECK_POLLS + 1; poll++) {
				replica.pollNow();
			}
			assertThat(replica.kv().get("b")).isEqualTo("2");
			assertThat(replica.kv().get("a")).isNull();
			assertThat(replica.status().generation()).isEqualTo(again.generation().orElseThrow());
		}
	}

	@Test
	void promoteMakesTheReplicaTheWriterAndTheOldWriterGetsAConflict() throws Exception {
		BucketSQLite old = writer();
		old.kv().set("a", "1");
		old.forceFlush();
		BucketReplica replica = replica();
		old.kv().set("a", "2");
		old.forceFlush();
		replica.pollNow();
		BucketSQLite promoted = replica.promote();
		open.add(promoted);
		assertThat(replica.isRunning()).isFalse();
		assertThat(promoted.kv().get("a")).isEqualTo("2");
		promoted.kv().set("b", "new writer");
		promoted.forceFlush();
		old.kv().set("a", "lost?");
		assertThatExceptionOfType(dev.buckethead.snapshot.SnapshotConflictException.class)
			.isThrownBy(old::forceFlush);
		open.remove(old);
		assertThatExceptionOfType(dev.buckethead.snapshot.SnapshotConflictException.class).isThrownBy(old::close);
		try (BucketSQLite check = engine("check").build().start()) {
			assertThat(check.kv().get("a")).isEqualTo("2");
			assertThat(check.kv().get("b")).isEqualTo("new writer");
		}
	}

	@Test
	void promoteDuringLoadLosesNoAcknowledgedWriteOfTheNewWriterAndFencesTheOldOne() throws Exception {
		BucketSQLite old = writer();
		old.kv().set("seed", "0");
		old.forceFlush();
		BucketReplica replica = replica();
		java.util.concurrent.CountDownLatch writing = new java.util.concurrent.CountDownLatch(5);
		java.util.concurrent.atomic.AtomicReference<Throwable> oldWriterEnd = new java.util.concurrent.atomic.AtomicReference<>();
		List<String> oldAcknowledged = new java.util.concurrent.CopyOnWriteArrayList<>();
		Thread load = new Thread(() -> {
			// The old writer keeps writing and flushing (each flush acknowledges its writes) until it is fenced:
			// the load of a writer with a short flush interval, five flushes a second (the pause is the load's pace,
			// not a wait for another thread).
			for (int i = 0;; i++) {
				try {
					old.kv().set("old-" + i, "v");
					old.forceFlush();
					oldAcknowledged.add("old-" + i);
					writing.countDown();
					java.util.concurrent.locks.LockSupport.parkNanos(200_000_000L);
				}
				catch (RuntimeException ex) {
					oldWriterEnd.set(ex);
					return;
				}
			}
		}, "old-writer");
		load.start();
		assertThat(writing.await(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
		replica.pollNow();
		BucketSQLite promoted = replica.promote();
		open.add(promoted);
		List<String> newAcknowledged = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			promoted.kv().set("new-" + i, "v");
			promoted.forceFlush();
			newAcknowledged.add("new-" + i);
		}
		load.join(60_000);
		assertThat(load.isAlive()).as("the old writer is fenced").isFalse();
		assertThat(oldWriterEnd.get()).isInstanceOf(dev.buckethead.snapshot.SnapshotConflictException.class);
		open.remove(old);
		assertThatExceptionOfType(dev.buckethead.snapshot.SnapshotConflictException.class).isThrownBy(old::close);
		try (BucketSQLite check = engine("check").build().start()) {
			for (String key : newAcknowledged) {
				assertThat(check.kv().get(key)).as(key).isEqualTo("v");
			}
			// The promotion started from a state holding every write the old writer had flushed by then.
			assertThat(check.kv().get("seed")).isEqualTo("0");
			assertThat(check.kv().get(oldAcknowledged.get(0))).isEqualTo("v");
		}
	}

	/** The replica's file equals a fresh restore of the writer's last generation, but for the change counters. */
	private void assertSameDatabase(BucketReplica replica, BucketSQLite writer) throws Exception {
		Path restored = temp.resolve("restored.db");
		try (SnapshotRepository repository = new SnapshotRepository(bucket, "buckethead.db", 10, List.of())) {
			repository.restoreTo("main", RestorePoint.latest(), restored, true);
		}
		Path live = temp.resolve("replica").resolve("replicas");
		Path file;
		try (var files = Files.list(live)) {
			file = files.filter((path) -> path.getFileName().toString().endsWith(".db")).findFirst().orElseThrow();
		}
		byte[] ours = Files.readAllBytes(file);
		byte[] theirs = Files.readAllBytes(restored);
		assertThat(ours.length).isEqualTo(theirs.length);
		for (int offset : new int[] { 24, 92 }) {
			// The change counter and the version-valid-for number: the replica's own, so its readers drop caches.
			ByteBuffer.wrap(ours).putInt(offset, 0);
			ByteBuffer.wrap(theirs).putInt(offset, 0);
		}
		assertThat(ours).isEqualTo(theirs);
	}

	private static void insertRows(Connection c, int from, int count, Random random) throws SQLException {
		try (PreparedStatement insert = c.prepareStatement("INSERT INTO t (id, v) VALUES (?, ?)")) {
			for (int i = from; i < from + count; i++) {
				byte[] value = new byte[200 + random.nextInt(800)];
				random.nextBytes(value);
				insert.setInt(1, i);
				insert.setBytes(2, value);
				insert.executeUpdate();
			}
		}
	}

	private static void updateRandomRows(Connection c, Random random, int count) throws SQLException {
		try (PreparedStatement update = c.prepareStatement("UPDATE t SET v = ? WHERE id = ?")) {
			for (int i = 0; i < count; i++) {
				byte[] value = new byte[100 + random.nextInt(900)];
				random.nextBytes(value);
				update.setBytes(1, value);
				update.setInt(2, random.nextInt(500));
				update.executeUpdate();
			}
		}
	}

	private static long checksum(Connection c) throws SQLException {
		try (Statement statement = c.createStatement();
				ResultSet rs = statement.executeQuery("SELECT count(*), total(length(v)), "
						+ "total(unicode(hex(v)) * id) FROM t")) {
			rs.next();
			return rs.getLong(1) * 1_000_003L + (long) rs.getDouble(2) * 31 + (long) rs.getDouble(3);
		}
	}

	private static byte[] filled(int value) {
		byte[] key = new byte[32];
		java.util.Arrays.fill(key, (byte) value);
		return key;
	}

	private static void execute(Connection c, String sql) throws SQLException {
		try (Statement statement = c.createStatement()) {
			statement.execute(sql);
		}
	}

}
