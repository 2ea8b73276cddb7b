package dev.buckethead.snapshot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import dev.buckethead.BucketHeadException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** How a walk uses the I/O threads when they are shut down or are the walk's own. */
class StepWalkTest {

	@Test
	void aWalkOnThreadsThatCannotTakeMoreReadsFailsTypedAndCancelsTheReadsItStarted() throws Exception {
		// One thread, no queue: the second read of the window is refused, as by a pool shut down meanwhile.
		ThreadPoolExecutor io = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new SynchronousQueue<>());
		try {
			StepWalk walk = new StepWalk(io);
			assertThatExceptionOfType(BucketHeadException.class).isThrownBy(() -> walk.walk(0, 9, 9, (index) -> {
				try {
					// Never answers unless cancelled.
					new CountDownLatch(1).await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				return Optional.of(index);
			}, (answer) -> 0, (index, answer) -> true)).withMessageContaining("I/O threads are shut down");
			io.shutdown();
			assertThat(io.awaitTermination(10, TimeUnit.SECONDS)).as("the read already started was cancelled")
				.isTrue();
		}
		finally {
			io.shutdownNow();
		}
	}

	@Test
	void aWalkInsideAWalksReadReadsOnItsThreadInsteadOfWaitingBehindItself() {
		ExecutorService io = Executors.newFixedThreadPool(1);
		try {
			StepWalk walk = new StepWalk(io);
			List<Long> inner = new ArrayList<>();
			long reached = assertTimeoutPreemptively(Duration.ofSeconds(20),
					() -> walk.walk(0, 1, 1, (index) -> Optional.of(walk.walk(0, 3, 3, Optional::of, (answer) -> 0,
							(at, answer) -> {
								synchronized (inner) {
									inner.add(answer);
								}
								return true;
							})), (answer) -> 0, (index, answer) -> true));
			assertThat(reached).isEqualTo(1);
			assertThat(inner).containsExactly(0L, 1L, 2L, 3L, 0L, 1L, 2L, 3L);
		}
		finally {
			io.shutdownNow();
		}
	}

}
