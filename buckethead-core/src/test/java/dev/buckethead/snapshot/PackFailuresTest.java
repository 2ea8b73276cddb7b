package dev.buckethead.snapshot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.buckethead.bucket.BucketClient;
import dev.buckethead.bucket.BucketException;
import dev.buckethead.bucket.ForwardingBucketClient;
import dev.buckethead.bucket.TestBuckets;
import dev.buckethead.bucket.WriteCondition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** What a damaged pack, a failed upload and a slow bucket do to writes and restores. */
class PackFailuresTest {

	@TempDir
	Path temp;

	private PackFixture fixture;

	@AfterEach
	void closeFixture() {
		fixture.close();
	}

	@Test
	void aDamagedFrameIsNamedByPackAndOffset() throws Exception {
		fixture = new PackFixture(TestBuckets.newS3Bucket("damaged"), temp);
		Manifest manifest = fixture.write(fixture.writer(), fixture.database("damaged.db", 300), null).manifest();
		ChunkRef victim = manifest.chunks().get(7);
		String key = fixture.layout().packKey(victim.location().pack());
		byte[] pack = fixture.bucket.get(key).orElseThrow().data();
		pack[(int) victim.location().offset() + victim.location().size() / 2] ^= 0x40;
		fixture.bucket.put(key, pack);

		assertThatThrownBy(() -> fixture.restore(manifest)).isInstanceOf(CorruptSnapshotException.class)
			.hasMessageContaining(key)
			.hasMessageContaining("offset " + victim.location().offset())
			.hasMessageContaining(victim.sha256());
		assertThat(leftovers()).isEmpty();
	}

	@Test
	void aTruncatedOrMissingPackIsNamed() throws Exception {
		fixture = new PackFixture(TestBuckets.newS3Bucket("truncated"), temp);
		Manifest manifest = fixture.write(fixture.writer(), fixture.database("truncated.db", 300), null).manifest();
		ChunkRef last = manifest.chunks().get(manifest.chunks().size() - 1);
		String key = fixture.layout().packKey(last.location().pack());
		byte[] pack = fixture.bucket.get(key).orElseThrow().data();
		fixture.bucket.put(key, Arrays.copyOf(pack, (int) last.location().offset() + 10));

		assertThatThrownBy(() -> fixture.restore(manifest)).isInstanceOf(CorruptSnapshotException.class)
			.hasMessageContaining(key)
			.hasMessageContaining("the pack ends inside the chunk at offset " + last.location().offset());

		fixture.bucket.delete(key);
		assertThatThrownBy(() -> fixture.restore(manifest)).isInstanceOf(CorruptSnapshotException.class)
			.hasMessageContaining(key)
			.hasMessageContaining("the pack does not exist");
		assertThat(leftovers()).isEmpty();
	}

	@Test
	void aFailedPackUploadFailsTheWriteBeforeAnyManifestAndThePreviousGenerationStillRestores() throws Exception {
		AtomicInteger packPuts = new AtomicInteger();
		BucketClient failing = new ForwardingBucketClient(TestBuckets.newS3Bucket("failing")) {
			@Override
			public String put(String key, byte[] data, int length, WriteCondition condition) {
				if (key.contains("/packs/") && packPuts.incrementAndGet() == 3) {
					throw new BucketException("Cannot write '" + key + "': injected failure");
				}
				return super.put(key, data, length, condition);
			}
		};
		fixture = new PackFixture(failing, temp);
		Path file = fixture.database("failing.db", 100);
		Manifest previous = fixture.commit(fixture.writer(), file);
		byte[] previousBytes = Files.readAllBytes(file);
		int manifests = fixture.bucket.list(fixture.layout().manifestPrefix()).size();
		PackFixture.sql(file, "UPDATE t SET payload = randomblob(1000)",
				"WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 500) "
						+ "INSERT INTO t (payload) SELECT randomblob(1000) FROM s");

		assertThatThrownBy(() -> fixture.write(fixture.writer(), file, previous)).isInstanceOf(BucketException.class)
			.hasMessageContaining("injected failure");

		assertThat(fixture.bucket.list(fixture.layout().manifestPrefix())).hasSize(manifests);
		assertThat(fixture.restore(previous)).isEqualTo(previousBytes);
	}

	@Test
	void noMorePacksUploadAtOnceThanPacksInFlight() throws Exception {
		Semaphore gate = new Semaphore(0);
		AtomicInteger running = new AtomicInteger();
		AtomicInteger most = new AtomicInteger();
		BucketClient gated = new ForwardingBucketClient(TestBuckets.newS3Bucket("gated")) {
			@Override
			public String put(String key, byte[] data, int length, WriteCondition condition) {
				if (!key.contains("/packs/")) {
					return super.put(key, data, length, condition);
				}
				most.accumulateAndGet(running.incrementAndGet(), Math::max);
				try {
					if (!gate.tryAcquire(30, TimeUnit.SECONDS)) {
						throw new BucketException("Cannot write '" + key + "': the test never opened the gate");
					}
					return super.put(key, data, length, condition);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new BucketException("Cannot write '" + key + "': interrupted");
				}
				finally {
					running.decrementAndGet();
				}
			}
		};
		fixture = new PackFixture(gated, temp);
		Path file = fixture.database("gated.db", 600);
		SnapshotWriter writer = fixture.writer(new SnapshotWriter.Packing(PackFixture.PACK, 2));
		Thread flushing = Thread.currentThread();
		CompletableFuture<SnapshotWriter.Written> write = CompletableFuture.supplyAsync(() -> fixture.write(writer, file, null));

		// Two packs upload and the flush waits for a free slot, with more packs to go: the bound holds it back.
		await().atMost(30, TimeUnit.SECONDS).until(() -> running.get() == 2 && Thread.getAllStackTraces()
			.entrySet()
			.stream()
			.filter((entry) -> entry.getKey() != flushing)
			.anyMatch((entry) -> Arrays.stream(entry.getValue())
				.anyMatch((frame) -> frame.getClassName().endsWith("BoundedUploads") && frame.getMethodName().equals("submit"))));
		assertThat(running.get()).isEqualTo(2);
		gate.release(1_000);
		SnapshotWriter.Written written = write.get(60, TimeUnit.SECONDS);

		assertThat(written.objectsUploaded()).isGreaterThan(4);
		assertThat(most.get()).isEqualTo(2);
		assertThat(fixture.restore(written.manifest())).isEqualTo(Files.readAllBytes(file));
	}

	private java.util.List<Path> leftovers() throws Exception {
		Path restored = temp.resolve("restored");
		try (var files = Files.list(restored)) {
			return files.toList();
		}
	}

}
