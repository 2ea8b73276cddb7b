package dev.buckethead.engine;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.buckethead.BucketSQLite;
import dev.buckethead.LogCapture;
import dev.buckethead.bucket.ObjectInfo;
import dev.buckethead.live.LiveStorage;
import dev.buckethead.snapshot.ChunkRef;
import dev.buckethead.snapshot.HeadPointer;
import dev.buckethead.snapshot.MissingHeadException;
import dev.buckethead.snapshot.OnMissingHead;
import dev.buckethead.snapshot.SnapshotLayout;
import dev.buckethead.snapshot.SnapshotStore;
import dev.buckethead.snapshot.UnreadableHeadException;
import org.junit.jupiter.api.Test;

import static dev.buckethead.engine.EngineFixture.count;
import static dev.buckethead.engine.EngineFixture.execute;
import static dev.buckethead.engine.EngineFixture.fill;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A branch whose head is gone or damaged is not an empty branch: a start never begins empty over its data. */
class MissingHeadTest extends EngineTest {

	private static final SnapshotLayout LAYOUT = new SnapshotLayout(SnapshotLayout.DEFAULT_SNAPSHOT_KEY);

	@Test
	void aStartWithTheHeadMakesNoListRequest() throws Exception {
		try (BucketSQLite db = fixture.start(LiveStorage.FILE)) {
			execute(db.connection(), "CREATE TABLE t (x)");
		}
		fixture.bucket().reset();
		try (BucketSQLite db = fixture.start(LiveStorage.FILE)) {
			assertThat(fixture.bucket().counters().lists()).isZero();
		}
	}

	@Test
	void aDeletedHeadIsRefusedNamingTheNewestGenerationAndNothingIsWritten() throws Exception {
		String newest = writeTwoGenerations();
		fixture.bucket().delete(LAYOUT.headKey("main"));
		Map<String, String> before = objects();
		fixture.bucket().reset();

		assertThatThrownBy(() -> fixture.start(LiveStorage.FILE)).isInstanceOf(MissingHeadException.class)
			.hasMessageContaining("Branch 'main' has no head")
			.hasMessageContaining("2 manifest(s) of it, the newest generation " + newest + " created at ")
			.hasMessageContaining("buckethead.snapshot.on-missing-head=recover-newest")
			.hasMessageContaining("buckethead repair-head --branch main --snapshot-key buckethead.db")
			.satisfies((ex) -> assertThat(((MissingHeadException) ex).newestGeneration()).isEqualTo(newest));
		assertThat(fixture.bucket().counters().puts()).isZero();
		assertThat(fixture.bucket().counters().deletes()).isZero();
		assertThat(objects()).isEqualTo(before);
	}

	@Test
	void recoverNewestStartsFromTheNewestSoundGenerationAndWritesTheHeadAgain() throws Exception {
		writeTwoGenerations();
		SnapshotStore store = new SnapshotStore(fixture.bucket(), LAYOUT);
		HeadPointer head = store.readHead("main").orElseThrow().pointer();
		String newest = head.retained().get(0);
		String older = head.retained().get(1);
		damageAChunkOnlyIn(store, newest, older);
		fixture.bucket().delete(LAYOUT.headKey("main"));

		try (LogCapture log = new LogCapture();
				BucketSQLite db = fixture.start(LiveStorage.FILE, (b) -> b.onMissingHead(OnMissingHead.RECOVER_NEWEST))) {
			assertThat(count(db.connection(), "SELECT count(*) FROM t")).isEqualTo(200);
			assertThat(db.generation()).contains(older);
			assertThat(db.restoreReport().fallback()).contains("the head of branch 'main' was missing");
			assertThat(log.lines()).anySatisfy((line) -> assertThat(line).startsWith("WARN")
				.contains("was missing")
				.contains("Started from generation " + older));
			assertThat(store.readHead("main").orElseThrow().pointer().retained()).containsExactly(older);
			execute(db.connection(), "INSERT INTO t (payload) VALUES (x'01')");
			db.forceFlush();
		}
		try (BucketSQLite db = fixture.start(LiveStorage.MEMORY)) {
			assertThat(count(db.connection(), "SELECT count(*) FROM t")).isEqualTo(201);
		}
	}

	@Test
	void onlyChunksLeftIsRefusedToo() throws Exception {
		writeTwoGenerations();
		fixture.bucket().delete(LAYOUT.headKey("main"));
		for (String prefix : List.of(LAYOUT.manifestPrefix(), LAYOUT.successorPrefix())) {
			for (ObjectInfo object : fixture.bucket().list(prefix)) {
				fixture.bucket().delete(object.key());
			}
		}
		// Only chunks: the successor claim of the second generation would be named first (its own test below).
		for (ObjectInfo claim : fixture.bucket().list(LAYOUT.successorPrefix())) {
			fixture.bucket().delete(claim.key());
		}
		assertThatThrownBy(() -> fixture.start(LiveStorage.FILE,
				(b) -> b.onMissingHead(OnMissingHead.RECOVER_NEWEST)))
			.isInstanceOf(MissingHeadException.class)
			.hasMessageContaining("chunk(s)")
			.hasMessageContaining("no head or manifest of any branch")
			.hasMessageContaining("delete 'buckethead.db.bh/' or use another snapshot key");
	}

	@Test
	void successorClaimsAloneAreRefusedToo() {
		fixture.bucket().put(LAYOUT.successorPrefix("main") + "0123456789abcdef/00000000000000000001", "{}".getBytes());
		assertThatThrownBy(() -> fixture.start(LiveStorage.FILE)).isInstanceOf(MissingHeadException.class)
			.hasMessageContaining("1 successor claim(s) of it");
	}

	@Test
	void aBranchDeletedOnPurposeStartsEmptyAgain() throws Exception {
		try (BucketSQLite db = fixture.start(LiveStorage.FILE)) {
			execute(db.connection(), "CREATE TABLE t (x)");
			db.branches().create("experiment");
			db.branches().switchTo("experiment");
			execute(db.connection(), "INSERT INTO t VALUES (1)");
			db.forceFlush();
			db.branches().switchTo("main");
			db.branches().delete("experiment");
		}
		try (BucketSQLite db = fixture.start(LiveStorage.FILE, (b) -> b.branch("experiment"))) {
			assertThat(db.restoreReport().source()).isEqualTo("empty (no snapshot yet)");
		}
	}

	@Test
	void anUnreadableHeadNamesTheRepairCommandAndFallbackRewritesIt() throws Exception {
		String newest = writeTwoGenerations();
		fixture.bucket().put(LAYOUT.headKey("main"), "{not json".getBytes());

		assertThatThrownBy(() -> fixture.start(LiveStorage.FILE)).isInstanceOf(UnreadableHeadException.class)
			.hasMessageContaining("'buckethead.db.bh/heads/main.json'")
			.hasMessageContaining("buckethead repair-head --branch main --snapshot-key buckethead.db")
			.hasMessageContaining("fallback-to-previous-generation");

		try (BucketSQLite db = fixture.start(LiveStorage.FILE, (b) -> b.fallbackToPreviousGeneration(true))) {
			assertThat(db.generation()).contains(newest);
			assertThat(count(db.connection(), "SELECT count(*) FROM t")).isEqualTo(201);
			assertThat(db.restoreReport().fallback()).contains("unreadable");
		}
		SnapshotStore store = new SnapshotStore(fixture.bucket(), LAYOUT);
		assertThat(store.readHead("main").orElseThrow().pointer().retained()).hasSize(2).first().isEqualTo(newest);
	}

	@Test
	void aDamagedGenerationOfTheHeadIsReportedAsFallback() throws Exception {
		writeTwoGenerations();
		SnapshotStore store = new SnapshotStore(fixture.bucket(), LAYOUT);
		HeadPointer head = store.readHead("main").orElseThrow().pointer();
		damageAChunkOnlyIn(store, head.retained().get(0), head.retained().get(1));
		try (BucketSQLite db = fixture.start(LiveStorage.FILE, (b) -> b.fallbackToPreviousGeneration(true))) {
			assertThat(db.restoreReport().generation()).isEqualTo(head.retained().get(1));
			assertThat(db.restoreReport().fallback()).startsWith("generation " + head.retained().get(0)
					+ " of the head cannot be restored");
		}
	}

	/** 200 rows flushed, then one more row written at close: returns the newest generation. */
	private String writeTwoGenerations() throws Exception {
		try (BucketSQLite db = fixture.start(LiveStorage.FILE)) {
			fill(db.connection(), 200, 500);
			db.forceFlush();
			execute(db.connection(), "INSERT INTO t (payload) VALUES (x'00')");
		}
		return new SnapshotStore(fixture.bucket(), LAYOUT).readHead("main").orElseThrow().pointer().generation();
	}

	private void damageAChunkOnlyIn(SnapshotStore store, String generation, String other) {
		List<ChunkRef> chunks = store.readManifest(generation).chunks();
		List<ChunkRef> others = store.readManifest(other).chunks();
		ChunkRef only = chunks.stream().filter((c) -> !others.contains(c)).findFirst().orElseThrow();
		// A chunk only the newer generation stored is in a pack only its flush wrote (format 2), or its own object.
		fixture.bucket().put(only.location() != null ? LAYOUT.packKey(only.location().pack())
				: LAYOUT.chunkKey(only.sha256()), "garbage".getBytes());
	}

	/** Every object in the bucket with its ETag. */
	private Map<String, String> objects() {
		Map<String, String> objects = new TreeMap<>();
		fixture.bucket().list("").forEach((object) -> objects.put(object.key(), object.etag()));
		return objects;
	}

}
