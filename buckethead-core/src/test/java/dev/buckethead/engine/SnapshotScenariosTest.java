package dev.buckethead.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;

import dev.buckethead.BucketSQLite;
import dev.buckethead.config.BucketHeadConfigException;
import dev.buckethead.live.LiveStorage;
import dev.buckethead.snapshot.ChunkRef;
import dev.buckethead.snapshot.CorruptSnapshotException;
import dev.buckethead.snapshot.HeadPointer;
import dev.buckethead.snapshot.SnapshotStore;
import dev.buckethead.snapshot.FlushOutcome;
import dev.buckethead.snapshot.RestorePoint;
import dev.buckethead.snapshot.SnapshotConflictException;
import dev.buckethead.snapshot.SnapshotLayout;
import org.junit.jupiter.api.Test;

import static dev.buckethead.engine.EngineFixture.count;
import static dev.buckethead.engine.EngineFixture.execute;
import static dev.buckethead.engine.EngineFixture.fill;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SnapshotScenariosTest extends EngineTest {

	private static final SnapshotLayout LAYOUT = new SnapshotLayout(SnapshotLayout.DEFAULT_SNAPSHOT_KEY);


	@Test
	void secondWriterOnTheSameBranchGetsAConflictAndOverwritesNothing() throws Exception {
		try (BucketSQLite seed = fixture.start(LiveStorage.FILE, EngineFixture.WHOLE_BASES)) {
			execute(seed.connection(), "CREATE TABLE t (x TEXT)");
		}
		BucketSQLite first = fixture.start(LiveStorage.FILE, EngineFixture.WHOLE_BASES);
		BucketSQLite second = fixture.start(LiveStorage.FILE, EngineFixture.WHOLE_BASES);
		try {
			execute(first.connection(), "INSERT INTO t VALUES ('first')");
			String firstGeneration = first.forceFlush().generation();
			execute(second.connection(), "INSERT INTO t VALUES ('second')");
			assertThatThrownBy(second::forceFlush).isInstanceOf(SnapshotConflictException.class)
				.hasMessageContaining("Branch 'main' was updated by another writer")
				.hasMessageContaining(firstGeneration);
			assertThat(fixture.bucket().get(LAYOUT.headKey("main")).orElseThrow().data())
				.asString()
				.contains(firstGeneration);
		}
		finally {
			first.close();
			assertThatThrownBy(second::close).isInstanceOf(SnapshotConflictException.class);
		}
		try (BucketSQLite db = fixture.start(LiveStorage.FILE, EngineFixture.WHOLE_BASES)) {
			assertThat(count(db.connection(), "SELECT count(*) FROM t WHERE x = 'first'")).isEqualTo(1);
			assertThat(count(db.connection(), "SELECT count(*) FROM t WHERE x = 'second'")).isZero();
		}
	}

	@Test
	void corruptPackIsDetectedAndNamedOrSkippedByFallback() throws Exception {
		try (BucketSQLite db = fixture.start(LiveStorage.FILE, EngineFixture.WHOLE_BASES)) {
			fill(db.connection(), 200, 500);
			db.forceFlush();
			execute(db.connection(), "INSERT INTO t (payload) VALUES (x'00')");
		}
		SnapshotStore store = new SnapshotStore(fixture.bucket(), LAYOUT);
		HeadPointer head = store.readHead("main").orElseThrow().pointer();
		List<ChunkRef> latest = store.readManifest(head.retained().get(0)).chunks();
		List<ChunkRef> previous = store.readManifest(head.retained().get(1)).chunks();
		ChunkRef onlyInLatest = latest.stream().filter((c) -> !previous.contains(c)).findFirst().orElseThrow();
		String damaged = LAYOUT.packKey(onlyInLatest.location().pack());
		byte[] pack = fixture.bucket().get(damaged).orElseThrow().data();
		pack[(int) onlyInLatest.location().offset() + 10] ^= 0x55;
		fixture.bucket().put(damaged, pack);

		assertThatThrownBy(() -> fixture.start(LiveStorage.FILE, EngineFixture.WHOLE_BASES)).isInstanceOf(CorruptSnapshotException.class)
			.hasMessageContaining(damaged);
		try (BucketSQLite db = fixture.start(LiveStorage.FILE, (b) -> b.pageDeltas(false).fallbackToPreviousGeneration(true))) {
			assertThat(count(db.connection(), "SELECT count(*) FROM t")).isEqualTo(200);
		}
	}

	@Test
	void missingPackIsNamed() throws Exception {
		try (BucketSQLite db = fixture.start(LiveStorage.MEMORY)) {
			fill(db.connection(), 50, 100);
		}
		String pack = fixture.bucket().list(LAYOUT.packPrefix()).get(0).key();
		fixture.bucket().delete(pack);
		assertThatThrownBy(() -> fixture.start(LiveStorage.MEMORY)).isInstanceOf(CorruptSnapshotException.class)
			.hasMessageContaining(pack)
			.hasMessageContaining("does not exist");
	}

	@Test
	void restoresAsOfAnOlderGeneration() throws Exception {
		String older;
		try (BucketSQLite db = fixture.start(LiveStorage.FILE, EngineFixture.WHOLE_BASES)) {
			execute(db.connection(), "CREATE TABLE t (x INTEGER)");
			execute(db.connection(), "INSERT INTO t VALUES (1)");
			older = db.forceFlush().generation();
			execute(db.connection(), "INSERT INTO t VALUES (2)");
			db.forceFlush();
			assertThat(db.retainedGenerations()).hasSize(2).endsWith(older);
		}
		try (BucketSQLite db = fixture.start(LiveStorage.FILE, (b) -> b.pageDeltas(false).restorePoint(RestorePoint.generation(older)))) {
			assertThat(count(db.connection(), "SELECT count(*) FROM t")).isEqualTo(1);
		}
		java.time.Instant olderTime = dev.buckethead.snapshot.GenerationIds.createdAt(older);
		try (BucketSQLite db = fixture.start(LiveStorage.FILE, (b) -> b.pageDeltas(false).restorePoint(RestorePoint.asOf(olderTime)))) {
			assertThat(count(db.connection(), "SELECT count(*) FROM t")).isEqualTo(1);
		}
		assertThatThrownBy(() -> fixture.start(LiveStorage.FILE,
				(b) -> b.restorePoint(RestorePoint.asOf(olderTime.minusSeconds(3600)))))
			.hasMessageContaining("has no retained generation as of");
	}

	@Test
	void keepsOnlyTheConfiguredNumberOfGenerations() throws Exception {
		try (BucketSQLite db = fixture.start(LiveStorage.FILE, (b) -> b.pageDeltas(false).keepGenerations(2))) {
			execute(db.connection(), "CREATE TABLE t (x INTEGER)");
			for (int i = 0; i < 4; i++) {
				execute(db.connection(), "INSERT INTO t VALUES (" + i + ")");
				db.forceFlush();
			}
			assertThat(db.retainedGenerations()).hasSize(2);
			assertThat(fixture.bucket().list(LAYOUT.manifestPrefix())).hasSize(2);
		}
	}

	@Test
	void importsAPlainSqliteObjectAtTheSnapshotKey() throws Exception {
		Path plain = temp.resolve("original.db");
		try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + plain)) {
			execute(connection, "CREATE TABLE kv (k TEXT PRIMARY KEY, v TEXT)");
			execute(connection, "INSERT INTO kv VALUES ('answer', '42')");
		}
		fixture.bucket().put(SnapshotLayout.DEFAULT_SNAPSHOT_KEY, Files.readAllBytes(plain));
		try (BucketSQLite db = fixture.start(LiveStorage.FILE)) {
			assertThat(count(db.connection(), "SELECT v FROM kv")).isEqualTo(42);
			assertThat(db.isDirty()).isTrue();
			assertThat(db.forceFlush().outcome()).isEqualTo(FlushOutcome.SUCCESS);
		}
		try (BucketSQLite db = fixture.start(LiveStorage.MEMORY)) {
			assertThat(db.generation()).isPresent();
			assertThat(count(db.connection(), "SELECT v FROM kv")).isEqualTo(42);
		}
	}

	@Test
	void thePlainFormatWritesOneSqliteObjectRestoresFromItWithoutAHeadAndRefusesBranches() throws Exception {
		java.util.function.Consumer<BucketSQLite.Builder> plainFormat = (builder) -> builder
			.format(dev.buckethead.snapshot.SnapshotFormat.PLAIN);
		try (BucketSQLite db = fixture.start(LiveStorage.FILE, plainFormat)) {
			execute(db.connection(), "CREATE TABLE kv (k TEXT PRIMARY KEY, v TEXT)");
			execute(db.connection(), "INSERT INTO kv VALUES ('answer', '42')");
			assertThat(db.forceFlush().outcome()).isEqualTo(FlushOutcome.SUCCESS);
			assertThat(db.forceFlush().outcome()).isEqualTo(FlushOutcome.SKIPPED);
			assertThatThrownBy(() -> db.branches().create("experiment"))
				.isInstanceOf(dev.buckethead.branch.BranchException.class)
				.hasMessageContaining("incremental snapshot format");
		}
		byte[] object = fixture.bucket().get(SnapshotLayout.DEFAULT_SNAPSHOT_KEY).orElseThrow().data();
		assertThat(new String(object, 0, 15, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("SQLite format 3");
		assertThat(fixture.bucket().list(LAYOUT.root())).isEmpty();
		try (BucketSQLite db = fixture.start(LiveStorage.FILE, plainFormat)) {
			assertThat(count(db.connection(), "SELECT v FROM kv")).isEqualTo(42);
			// The object is the snapshot: the restored content needs no upload.
			assertThat(db.isDirty()).isFalse();
			assertThat(db.generation()).isEmpty();
		}
	}

	@Test
	void plainObjectThatIsNotSqliteIsRefused() {
		fixture.bucket().put(SnapshotLayout.DEFAULT_SNAPSHOT_KEY, "not a database at all".getBytes());
		assertThatThrownBy(() -> fixture.start(LiveStorage.FILE)).isInstanceOf(CorruptSnapshotException.class)
			.hasMessageContaining("'buckethead.db'")
			.hasMessageContaining("not a SQLite database");
	}

	@Test
	void aManifestFromANewerFormatIsRefusedByName() throws Exception {
		String generation;
		try (BucketSQLite db = fixture.start(LiveStorage.FILE)) {
			execute(db.connection(), "CREATE TABLE t (x)");
			generation = db.forceFlush().generation();
		}
		String key = LAYOUT.manifestKey(generation);
		String json = new String(fixture.bucket().get(key).orElseThrow().data());
		fixture.bucket().put(key, json.replace("\"format\":2", "\"format\":99").getBytes());
		assertThatThrownBy(() -> fixture.start(LiveStorage.FILE)).isInstanceOf(CorruptSnapshotException.class)
			.hasMessageContaining(key)
			.hasMessageContaining("newer BucketHead");
	}

	@Test
	void anUnreadableHeadIsRefusedByName() throws Exception {
		try (BucketSQLite db = fixture.start(LiveStorage.FILE)) {
			execute(db.connection(), "CREATE TABLE t (x)");
		}
		fixture.bucket().put(LAYOUT.headKey("main"), "{not json".getBytes());
		assertThatThrownBy(() -> fixture.start(LiveStorage.FILE)).isInstanceOf(CorruptSnapshotException.class)
			.hasMessageContaining(LAYOUT.headKey("main"));
	}

	@Test
	void aMalformedGenerationIdIsAConfigurationError() {
		assertThatThrownBy(() -> RestorePoint.generation("yesterday")).isInstanceOf(BucketHeadConfigException.class)
			.hasMessageContaining("'yesterday' is not a generation id");
	}

	@Test
	void badSettingsAreAllListedAtOnce() {
		assertThatThrownBy(() -> BucketSQLite.builder()
			.branch("no/slashes")
			.snapshotKey("/abs")
			.keepGenerations(0)
			.chunkSize(1000)
			.build()).isInstanceOf(BucketHeadConfigException.class)
			.hasMessageContaining("no bucket")
			.hasMessageContaining("Invalid branch name 'no/slashes'")
			.hasMessageContaining("snapshot key '/abs'")
			.hasMessageContaining("keepGenerations")
			.hasMessageContaining("chunkSize");
	}

	@Test
	void usingAnEngineBeforeStartSaysWhatToDo() {
		BucketSQLite db = BucketSQLite.builder().bucket(fixture.bucket()).build();
		assertThatThrownBy(db::connection).hasMessageContaining("Call start() first");
	}

}
