package dev.buckethead.test.faults;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.buckethead.bucket.BucketException;
import dev.buckethead.bucket.LocalDirectoryBucketClient;
import dev.buckethead.test.faults.FaultyBucketClient.Operation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/** The decorator on a real (local-directory) bucket: each fault, its window, the call log, thread safety. */
class FaultyBucketClientTest {

	@TempDir
	Path temp;

	private FaultyBucketClient bucket;

	private final ExecutorService threads = Executors.newCachedThreadPool();

	@BeforeEach
	void create() {
		bucket = new FaultyBucketClient(new LocalDirectoryBucketClient(temp));
	}

	@AfterEach
	void close() {
		bucket.close();
		threads.shutdownNow();
	}

	@Test
	void passesEverythingWithoutRulesAndLogsEveryCall() {
		bucket.put("a/1", bytes("one"));
		assertThat(bucket.get("a/1")).hasValueSatisfying((o) -> assertThat(o.data()).isEqualTo(bytes("one")));
		assertThat(bucket.head("a/2")).isEmpty();
		assertThat(bucket.list("a/")).hasSize(1);
		bucket.delete("a/1");
		assertThat(bucket.calls()).extracting(FaultyBucketClient.Call::operation)
			.containsExactly(Operation.PUT, Operation.GET, Operation.HEAD, Operation.LIST, Operation.DELETE);
		assertThat(bucket.calls(Operation.GET)).singleElement().satisfies((call) -> {
			assertThat(call.key()).isEqualTo("a/1");
			assertThat(call.fault()).isNull();
			assertThat(call.thread()).isEqualTo(Thread.currentThread().getName());
		});
	}

	@Test
	void failsAfterNCallsForAWindowOnlyOnTheKeysPicked() {
		bucket.on(Operation.PUT).where((key) -> key.startsWith("heads/")).after(2).times(1).fail();
		bucket.put("heads/1", bytes("x"));
		bucket.put("chunks/1", bytes("x"));
		bucket.put("heads/2", bytes("x"));
		assertThatExceptionOfType(BucketException.class).isThrownBy(() -> bucket.put("heads/3", bytes("x")))
			.withMessageContaining("PUT 'heads/3'");
		bucket.put("heads/4", bytes("x"));
		assertThat(bucket.head("heads/3")).as("a failed call never reaches the bucket").isEmpty();
		assertThat(bucket.head("heads/4")).isPresent();
		assertThat(bucket.calls(Operation.PUT)).extracting(FaultyBucketClient.Call::fault)
			.containsExactly(null, null, null, "fail", null);
	}

	@Test
	void failsWithTheExceptionGivenAndTheFirstRuleWins() {
		bucket.on(Operation.GET).fail(() -> new IllegalStateException("first"));
		bucket.on().fail(() -> new IllegalStateException("second"));
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> bucket.get("k")).withMessage("first");
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> bucket.head("k")).withMessage("second");
		bucket.clearFaults();
		assertThat(bucket.get("k")).isEmpty();
	}

	@Test
	void aDelayedCallStillReachesTheBucket() {
		bucket.on(Operation.PUT).delay(Duration.ofMillis(20));
		bucket.put("k", bytes("late"));
		assertThat(bucket.get("k")).isPresent();
		assertThat(bucket.calls(Operation.PUT)).singleElement()
			.satisfies((call) -> assertThat(call.fault()).startsWith("delay"));
	}

	@Test
	void aHangHoldsCallsOnManyThreadsUntilReleasedAndTheyThenGoThrough() throws Exception {
		Hang hang = bucket.on(Operation.PUT).hang();
		CompletableFuture<?>[] writers = new CompletableFuture<?>[4];
		for (int i = 0; i < writers.length; i++) {
			String key = "held/" + i;
			writers[i] = CompletableFuture.runAsync(() -> bucket.put(key, bytes("v")), threads);
		}
		hang.awaitBlocked(4, Duration.ofSeconds(10));
		assertThat(hang.blocked()).isEqualTo(4);
		assertThat(bucket.get("held/0")).as("other operations pass").isEmpty();
		assertThat(writers).noneMatch(CompletableFuture::isDone);
		hang.release();
		CompletableFuture.allOf(writers).get(10, TimeUnit.SECONDS);
		assertThat(bucket.list("held/")).hasSize(4);
		assertThat(hang.blocked()).isZero();
		bucket.put("held/after", bytes("v"));
		assertThat(hang.arrived()).isEqualTo(5);
	}

	@Test
	void aHeldThreadThatIsInterruptedFailsLikeARealClient() throws Exception {
		Hang hang = bucket.on(Operation.HEAD).hang();
		CompletableFuture<Throwable> failure = new CompletableFuture<>();
		Thread caller = new Thread(() -> {
			try {
				bucket.head("k");
				failure.complete(null);
			}
			catch (RuntimeException ex) {
				failure.complete(ex);
			}
		});
		caller.start();
		hang.awaitBlocked(1, Duration.ofSeconds(10));
		caller.interrupt();
		assertThat(failure.get(10, TimeUnit.SECONDS)).isInstanceOf(BucketException.class)
			.hasMessageContaining("interrupted");
	}

	@Test
	void aHangWithADeadlineFailsWhenItPasses() {
		bucket.on(Operation.LIST).hangAtMost(Duration.ofMillis(50));
		assertThatExceptionOfType(BucketException.class).isThrownBy(() -> bucket.list("p/"))
			.withMessageContaining("no answer within");
	}

	@Test
	void clearingFaultsReleasesHeldCalls() throws Exception {
		Hang hang = bucket.on(Operation.GET).hang();
		CompletableFuture<?> reader = CompletableFuture.runAsync(() -> bucket.get("k"), threads);
		hang.awaitBlocked(1, Duration.ofSeconds(10));
		bucket.clearFaults();
		reader.get(10, TimeUnit.SECONDS);
		await().atMost(Duration.ofSeconds(10)).until(() -> hang.blocked() == 0);
	}

	@Test
	void awaitBlockedFailsWhenNoCallArrives() {
		Hang hang = bucket.on(Operation.DELETE).hang();
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> hang.awaitBlocked(1, Duration.ofMillis(10)))
			.withMessageContaining("got 0");
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
