package dev.buckethead.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;

import dev.buckethead.BucketSQLite;
import dev.buckethead.autoconfigure.actuate.BucketHeadHealthContributorAutoConfiguration;
import dev.buckethead.autoconfigure.actuate.BucketHeadHealthIndicator;
import dev.buckethead.autoconfigure.observation.BucketHeadObservationAutoConfiguration;
import dev.buckethead.test.S3TestServer;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * The health indicator through a real outage: an S3 server of this test's own is stopped while the application
 * writes, the timer's flushes fail until the health is DOWN, and after the server is back the next flush brings
 * it UP again. The failed flushes are observed with outcome {@code error}.
 */
class BucketHeadHealthS3IntegrationTests {

	private static S3TestServer server;

	@TempDir
	Path temp;

	@BeforeAll
	static void startServer() {
		server = S3TestServer.dedicated();
	}

	@AfterAll
	static void stopServer() {
		server.close();
	}

	@Test
	void downAfterFailedFlushesAndUpAfterRecovery() {
		assumeThat(server.isExternal()).as("needs a server this test can stop").isFalse();
		TestObservationRegistry observations = TestObservationRegistry.create();
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(BucketHeadAutoConfiguration.class,
					BucketHeadObservationAutoConfiguration.class, BucketHeadHealthContributorAutoConfiguration.class))
			.withBean(ObservationRegistry.class, () -> observations)
			.withPropertyValues("buckethead.bucket.name=" + server.createBucket("health"),
					"buckethead.bucket.endpoint=" + server.endpoint(), "buckethead.bucket.region=" + server.region(),
					"buckethead.bucket.access-key-id=" + server.accessKey(),
					"buckethead.bucket.secret-access-key=" + server.secretKey(),
					"buckethead.bucket.max-attempts=1", "buckethead.bucket.attempt-timeout=5s",
					"buckethead.snapshot.interval=200ms", "buckethead.health.max-consecutive-failures=3",
					"buckethead.database.directory=" + this.temp.resolve("live"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				BucketSQLite database = context.getBean(BucketSQLite.class);
				BucketHeadHealthIndicator health = context.getBean(BucketHeadHealthIndicator.class);
				BucketHeadObservabilityAutoConfigurationTests.write(database, "CREATE TABLE t (v TEXT)");
				await().atMost(Duration.ofSeconds(30))
					.untilAsserted(() -> assertThat(health.health().getDetails()).containsEntry("dirty", false));
				assertThat(health.health().getStatus()).isEqualTo(Status.UP);

				server.stop();
				try {
					BucketHeadObservabilityAutoConfigurationTests.write(database, "INSERT INTO t VALUES ('lost?')");
					await().atMost(Duration.ofSeconds(60))
						.untilAsserted(() -> assertThat(health.health().getStatus()).isEqualTo(Status.DOWN));
					Health down = health.health();
					assertThat(down.getDetails()).containsEntry("dirty", true)
						.containsKey("error")
						.hasEntrySatisfying("reason", (reason) -> assertThat(reason.toString())
							.contains("flushes failed"));
					assertThat(down.getDetails().get("error").toString()).doesNotContain(server.secretKey());
					assertThat(database.statistics().consecutiveFailures()).isGreaterThanOrEqualTo(3);
					assertThat(observations).hasAnObservation((observation) -> observation
						.hasNameEqualTo("buckethead.flush")
						.hasLowCardinalityKeyValue("outcome", "error")
						.hasLowCardinalityKeyValue("trigger", "interval")
						.assertThatError()
						.isNotNull());
				}
				finally {
					server.restart();
				}
				await().atMost(Duration.ofSeconds(60))
					.untilAsserted(() -> assertThat(health.health().getStatus()).isEqualTo(Status.UP));
				assertThat(health.health().getDetails()).containsEntry("dirty", false)
					.containsEntry("consecutiveFailures", 0L);
			});
	}

}
