package dev.buckethead.files;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class BlobGuardTests {

	private static final String KEY = "bh-" + "a".repeat(64);

	private final BlobGuard guard = new BlobGuard();

	private final AtomicInteger deletes = new AtomicInteger();

	@Test
	void deletesAKeyNoPutClaims() {
		guard.collectionStarted();
		assertThat(guard.deleteIfUnclaimed(KEY, () -> true, deletes::incrementAndGet)).isTrue();
		assertThat(deletes).hasValue(1);
	}

	@Test
	void doesNotDeleteAKeyAPutHolds() {
		guard.hold(KEY);
		guard.collectionStarted();
		assertThat(guard.deleteIfUnclaimed(KEY, () -> true, deletes::incrementAndGet)).isFalse();
		assertThat(deletes).hasValue(0);
	}

	@Test
	void doesNotDeleteAKeyAPutHeldDuringTheCollectionUntilTheNextOne() {
		guard.collectionStarted();
		guard.hold(KEY);
		guard.release(KEY);
		assertThat(guard.deleteIfUnclaimed(KEY, () -> true, deletes::incrementAndGet)).isFalse();
		guard.collectionFinished();
		guard.collectionStarted();
		assertThat(guard.deleteIfUnclaimed(KEY, () -> true, deletes::incrementAndGet)).isTrue();
	}

	@Test
	void doesNotDeleteAKeyReferencedAgainByTheTimeItIsMarked() {
		guard.collectionStarted();
		assertThat(guard.deleteIfUnclaimed(KEY, () -> false, deletes::incrementAndGet)).isFalse();
		assertThat(deletes).hasValue(0);
	}

	@Test
	void aPutOfAKeyBeingDeletedWaitsForTheDelete() throws Exception {
		guard.collectionStarted();
		CountDownLatch deleting = new CountDownLatch(1);
		CountDownLatch finishDelete = new CountDownLatch(1);
		CompletableFuture<Boolean> collection = CompletableFuture
			.supplyAsync(() -> guard.deleteIfUnclaimed(KEY, () -> true, () -> {
				deleting.countDown();
				awaitQuietly(finishDelete);
			}));
		assertThat(deleting.await(10, TimeUnit.SECONDS)).isTrue();
		Thread put = new Thread(() -> guard.hold(KEY));
		put.start();
		await().atMost(10, TimeUnit.SECONDS).until(() -> put.getState() == Thread.State.WAITING);
		assertThat(put.isAlive()).isTrue();
		finishDelete.countDown();
		put.join(10_000);
		assertThat(put.isAlive()).isFalse();
		assertThat(collection.get(10, TimeUnit.SECONDS)).isTrue();
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
