package dev.buckethead.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.buckethead.BucketSQLite;
import dev.buckethead.autoconfigure.actuate.BucketHeadEndpoint;
import dev.buckethead.autoconfigure.actuate.BucketHeadEndpointAutoConfiguration;
import dev.buckethead.autoconfigure.actuate.BucketHeadHealthContributorAutoConfiguration;
import dev.buckethead.autoconfigure.actuate.BucketHeadHealthIndicator;
import dev.buckethead.autoconfigure.metrics.BucketHeadMetricsAutoConfiguration;
import dev.buckethead.bucket.BucketClient;
import dev.buckethead.bucket.LocalDirectoryBucketClient;
import dev.buckethead.snapshot.SnapshotConflictException;
import dev.buckethead.test.faults.FaultyBucketClient;
import dev.buckethead.test.faults.FaultyBucketClient.Operation;
import dev.buckethead.test.faults.Hang;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A bucket that stops answering in the middle of a flush (a real local-directory bucket behind the
 * fault-injecting decorator): health, the endpoint and the dirty gauge answer at once, health says how long the
 * flush has been stuck, and the final flush gives up within the shutdown phase. Also: another writer taking the
 * branch is DOWN at once.
 */
class BucketHeadHungBucketTests {

	/** Long enough to fail a test that waits for the flush (which never ends), short enough to keep it fast. */
	private static final Duration AT_ONCE = Duration.ofSeconds(5);

	@TempDir
	Path temp;

	private ApplicationContextRunner runner(FaultyBucketClient bucket) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(BucketHeadAutoConfiguration.class,
					BucketHeadMetricsAutoConfiguration.class, BucketHeadEndpointAutoConfiguration.class,
					BucketHeadHealthContributorAutoConfiguration.class, LifecycleAutoConfiguration.class,
					MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
					CompositeMeterRegistryAutoConfiguration.class))
			.withBean(BucketClient.class, () -> bucket)
			.withPropertyValues("buckethead.database.directory=" + this.temp.resolve("live"),
					"buckethead.snapshot.interval=0", "management.endpoints.web.exposure.include=buckethead");
	}

	private FaultyBucketClient bucket() {
		return new FaultyBucketClient(new LocalDirectoryBucketClient(this.temp.resolve("bucket")));
	}

	@Test
	void healthTheEndpointAndTheDirtyGaugeAnswerAtOnceWhileAFlushIsStuckAndHealthSaysForHowLong() {
		FaultyBucketClient bucket = bucket();
		runner(bucket).withPropertyValues("buckethead.health.max-flush-duration=100ms").run((context) -> {
			BucketSQLite database = context.getBean(BucketSQLite.class);
			BucketHeadHealthIndicator health = context.getBean(BucketHeadHealthIndicator.class);
			BucketHeadEndpoint endpoint = context.getBean(BucketHeadEndpoint.class);
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			BucketHeadObservabilityAutoConfigurationTests.write(database, "CREATE TABLE t (v TEXT)");
			Hang stuck = bucket.on(Operation.PUT).hang();
			CompletableFuture<?> flush = CompletableFuture.runAsync(database::forceFlush);
			stuck.awaitBlocked(1, Duration.ofSeconds(30));

			assertTimeoutPreemptively(AT_ONCE, () -> {
				assertThat(health.health().getDetails()).containsEntry("dirty", true).containsKey("flushRunningFor");
				BucketHeadEndpoint.StatusDescriptor status = endpoint.status();
				assertThat(status.dirty()).isTrue();
				assertThat(status.flushRunningForMs()).isNotNull();
				assertThat(meters.get("buckethead.dirty").gauge().value()).isEqualTo(1.0);
			});
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				Health down = health.health();
				assertThat(down.getStatus()).isEqualTo(Status.DOWN);
				assertThat(down.getDetails().get("reason").toString()).startsWith("A flush has been running for")
					.contains("(limit 100ms)");
			});
			assertThat(flush).isNotDone();

			stuck.release();
			flush.get(30, TimeUnit.SECONDS);
			Health up = health.health();
			assertThat(up.getStatus()).isEqualTo(Status.UP);
			assertThat(up.getDetails()).containsEntry("dirty", false).doesNotContainKey("flushRunningFor");
			assertThat(endpoint.status().flushRunningForMs()).isNull();
		});
	}

	@Test
	void anotherWriterTakingTheBranchIsDownAtOnceNamingItsGeneration() {
		FaultyBucketClient bucket = bucket();
		runner(bucket).run((context) -> {
			BucketSQLite database = context.getBean(BucketSQLite.class);
			BucketHeadHealthIndicator health = context.getBean(BucketHeadHealthIndicator.class);
			BucketHeadObservabilityAutoConfigurationTests.write(database, "CREATE TABLE t (v TEXT)");
			database.forceFlush();
			String winner;
			try (BucketSQLite other = BucketSQLite.builder()
				.bucket(bucket.delegate())
				.directory(this.temp.resolve("other"))
				.flushInterval(Duration.ZERO)
				.build()
				.start()) {
				BucketHeadObservabilityAutoConfigurationTests.write(other, "INSERT INTO t VALUES ('other writer')");
				winner = other.forceFlush().generation();
			}
			BucketHeadObservabilityAutoConfigurationTests.write(database, "INSERT INTO t VALUES ('loser')");
			assertThatExceptionOfType(SnapshotConflictException.class).isThrownBy(database::forceFlush);

			Health down = health.health();
			assertThat(down.getStatus()).isEqualTo(Status.DOWN);
			assertThat(down.getDetails()).containsEntry("consecutiveFailures", 1L);
			assertThat(down.getDetails().get("reason").toString()).contains("Another writer took branch 'main'",
					winner);
			assertThat(down.getDetails().get("error").toString()).startsWith("SnapshotConflictException");
		});
	}

	@Test
	void theFinalFlushGivesUpWithinTheShutdownPhaseAndKeepsTheLiveFile() {
		FaultyBucketClient bucket = bucket();
		runner(bucket).withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=1s").run((context) -> {
			BucketSQLite database = context.getBean(BucketSQLite.class);
			BucketHeadObservabilityAutoConfigurationTests.write(database, "CREATE TABLE t (v TEXT)",
					"INSERT INTO t VALUES ('kept')");
			bucket.on(Operation.PUT).hang();
			CountDownLatch stopped = new CountDownLatch(1);
			context.getBean(BucketHeadFlushLifecycle.class).stop(stopped::countDown);
			assertThat(stopped.await(10, TimeUnit.SECONDS)).as("called back within the phase").isTrue();
			assertThat(database.isRunning()).isFalse();
			List<Path> kept;
			try (Stream<Path> files = Files.list(this.temp.resolve("live"))) {
				kept = files.filter((file) -> file.getFileName().toString().endsWith(".db")).toList();
			}
			assertThat(kept).hasSize(1);
			try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + kept.get(0));
					ResultSet rows = connection.createStatement().executeQuery("SELECT v FROM t")) {
				assertThat(rows.next()).isTrue();
				assertThat(rows.getString(1)).isEqualTo("kept");
			}
			bucket.clearFaults();
		});
	}

}
