package dev.buckethead.live;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionGateTest {

	private final ConnectionGate gate = new ConnectionGate(Duration.ofSeconds(30));

	@Test
	void ifOpenRunsTheActionWhileOnlyStatementsHoldTheGate() {
		gate.enter();
		try {
			assertThat(gate.ifOpen(() -> "read")).contains("read");
		}
		finally {
			gate.exit();
		}
	}

	@Test
	void ifOpenAnswersEmptyAtOnceWhileAReplacementHoldsTheGate() throws Exception {
		CountDownLatch holding = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		CompletableFuture<Object> replacement = CompletableFuture.supplyAsync(() -> gate.exclusively(() -> {
			holding.countDown();
			try {
				return release.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				throw new IllegalStateException(ex);
			}
		}));
		assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();

		Optional<String> during = gate.ifOpen(() -> "read");

		release.countDown();
		replacement.get(30, TimeUnit.SECONDS);
		assertThat(during).as("not run while the content is being replaced").isEmpty();
		assertThat(gate.ifOpen(() -> "read")).contains("read");
	}

}
