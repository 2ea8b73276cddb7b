package dev.buckethead;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Fixed rate, skipping overlaps: a tick during a flush is dropped, never queued to run after it. */
class FlushTimerTest {

	private final ExecutorService flusher = Executors.newSingleThreadExecutor();

	private final AtomicInteger started = new AtomicInteger();

	private final CountDownLatch release = new CountDownLatch(1);

	private FlushTimer timer;

	@AfterEach
	void stop() {
		release.countDown();
		if (timer != null) {
			timer.abandon();
		}
		flusher.shutdownNow();
	}

	private void blockingFlush() {
		started.incrementAndGet();
		try {
			release.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Test
	void ticksDuringAFlushAreSkippedAndTheNextTickAfterItStartsOne() throws Exception {
		timer = new FlushTimer(flusher, this::blockingFlush);
		timer.tick();
		await().atMost(Duration.ofSeconds(10)).until(() -> started.get() == 1);
		timer.tick();
		timer.tick();
		timer.tick();
		assertThat(timer.skippedTicks()).isEqualTo(3);
		assertThat(timer.isFlushing()).isTrue();
		release.countDown();
		await().atMost(Duration.ofSeconds(10)).until(() -> !timer.isFlushing());
		// Nothing was queued behind the flush: the skipped ticks did not run it again.
		flusher.submit(() -> {
		}).get(10, TimeUnit.SECONDS);
		assertThat(started).hasValue(1);
		timer.tick();
		await().atMost(Duration.ofSeconds(10)).until(() -> started.get() == 2);
	}

	@Test
	void theScheduleKeepsTickingWhileAFlushIsStuckAndRunsOneFlushAtATime() throws Exception {
		timer = FlushTimer.every(Duration.ofMillis(10), this::blockingFlush);
		await().atMost(Duration.ofSeconds(10)).until(() -> started.get() == 1);
		await().atMost(Duration.ofSeconds(10)).until(() -> timer.skippedTicks() >= 5);
		assertThat(started).as("one flush at a time").hasValue(1);
		release.countDown();
		await().atMost(Duration.ofSeconds(10)).until(() -> started.get() >= 2);
	}

	@Test
	void aStoppedTimerStartsNoFlush() {
		timer = new FlushTimer(flusher, this::blockingFlush);
		timer.stop();
		timer.tick();
		assertThat(timer.isFlushing()).isFalse();
		assertThat(started).hasValue(0);
	}

}
