package dev.buckethead.autoconfigure;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;

import dev.buckethead.BucketSQLite;
import dev.buckethead.autoconfigure.actuate.BucketHeadEndpoint;
import dev.buckethead.autoconfigure.actuate.BucketHeadEndpointAutoConfiguration;
import dev.buckethead.autoconfigure.actuate.BucketHeadHealthContributorAutoConfiguration;
import dev.buckethead.autoconfigure.actuate.BucketHeadHealthIndicator;
import dev.buckethead.autoconfigure.metrics.BucketHeadMetrics;
import dev.buckethead.autoconfigure.metrics.BucketHeadMetricsAutoConfiguration;
import dev.buckethead.autoconfigure.observation.BucketHeadObservationAutoConfiguration;
import dev.buckethead.autoconfigure.observation.BucketHeadObservationContext;
import dev.buckethead.autoconfigure.observation.BucketHeadObservationConvention;
import dev.buckethead.autoconfigure.observation.BucketHeadObservationListener;
import dev.buckethead.autoconfigure.observation.DefaultBucketHeadObservationConvention;
import dev.buckethead.autoconfigure.observation.FlushContext;
import dev.buckethead.autoconfigure.observation.SwitchContext;
import dev.buckethead.snapshot.FlushListener;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Observations, metrics, the endpoint's and the health indicator's conditions, and the JFR property, on the local
 * directory bucket. Outages and HTTP are in {@code BucketHeadHealthS3IntegrationTests} and
 * {@code BucketHeadEndpointIntegrationTests}.
 */
class BucketHeadObservabilityAutoConfigurationTests {

	@TempDir
	Path temp;

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(BucketHeadAutoConfiguration.class,
					BucketHeadObservationAutoConfiguration.class, BucketHeadMetricsAutoConfiguration.class,
					BucketHeadEndpointAutoConfiguration.class, BucketHeadHealthContributorAutoConfiguration.class))
			.withPropertyValues("buckethead.bucket.local-directory=" + this.temp.resolve("bucket"),
					"buckethead.database.directory=" + this.temp.resolve("live"), "buckethead.snapshot.interval=0");
	}

	private ApplicationContextRunner withMetrics() {
		return runner().withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
				MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class));
	}

	static void write(BucketSQLite database, String... statements) throws Exception {
		try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
	}

	@Test
	void startsWithoutActuatorOrMicrometer() {
		runner()
			.withClassLoader(new FilteredClassLoader("io.micrometer", "org.springframework.boot.actuate",
					"org.springframework.boot.health"))
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.hasSingleBean(BucketSQLite.class)
					.hasSingleBean(BucketHeadActivity.class)
					.doesNotHaveBean(BucketHeadObservationListener.class)
					.doesNotHaveBean(BucketHeadMetrics.class)
					.doesNotHaveBean(BucketHeadHealthIndicator.class)
					.doesNotHaveBean(BucketHeadEndpoint.class);
				write(context.getBean(BucketSQLite.class), "CREATE TABLE t (v TEXT)");
				assertThat(context.getBean(BucketSQLite.class).forceFlush().skipped()).isFalse();
			});
	}

	@Test
	void noObservationListenerWithoutARegistry() {
		runner().run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(BucketHeadObservationListener.class)
			.doesNotHaveBean(BucketHeadMetrics.class));
	}

	@Test
	void observesTheRestoreFlushesAndSwitches() {
		TestObservationRegistry registry = TestObservationRegistry.create();
		List<Observation.Context> stopped = new java.util.concurrent.CopyOnWriteArrayList<>();
		registry.observationConfig().observationHandler(new ObservationHandler<>() {

			@Override
			public void onStop(Observation.Context context) {
				stopped.add(context);
			}

			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}

		});
		runner().withBean(ObservationRegistry.class, () -> registry).run((context) -> {
			assertThat(context).hasSingleBean(BucketHeadObservationListener.class);
			assertThat(registry).hasObservationWithNameEqualTo("buckethead.restore")
				.that()
				.hasBeenStarted()
				.hasBeenStopped()
				.hasLowCardinalityKeyValue("outcome", "success")
				.hasHighCardinalityKeyValue("buckethead.branch", "main")
				.hasContextualNameEqualTo("buckethead restore");
			BucketSQLite database = context.getBean(BucketSQLite.class);
			write(database, "CREATE TABLE t (v TEXT)");
			database.forceFlush();
			database.forceFlush();
			assertThat(registry).hasNumberOfObservationsWithNameEqualTo("buckethead.flush", 2);
			assertThat(stopped.stream()
				.filter(FlushContext.class::isInstance)
				.map((c) -> ((BucketHeadObservationContext) c).getOutcome())).containsExactly("success", "skipped");
			assertThat(registry).hasAnObservation((observation) -> observation.hasNameEqualTo("buckethead.flush")
				.hasLowCardinalityKeyValue("trigger", "manual")
				.hasLowCardinalityKeyValue("outcome", "success")
				.hasHighCardinalityKeyValueWithKey("buckethead.generation")
				.doesNotHaveLowCardinalityKeyValueWithKey("buckethead.branch"));

			database.branches().create("experiment");
			database.branches().switchTo("experiment");
			assertThat(registry).hasObservationWithNameEqualTo("buckethead.switch")
				.that()
				.hasBeenStopped()
				.hasLowCardinalityKeyValue("outcome", "success")
				.hasHighCardinalityKeyValue("buckethead.to", "experiment");
			Observation.Context switchContext = stopped.stream()
				.filter(SwitchContext.class::isInstance)
				.findFirst()
				.orElseThrow();
			assertThat(stopped.stream()
				.filter((c) -> c instanceof FlushContext flush && flush.getParentObservation() != null
						&& flush.getParentObservation().getContextView() == switchContext))
				.as("the switch's flushes are its children")
				.isNotEmpty();
			assertThat(registry.getCurrentObservation()).as("no scope left open").isNull();
		});
	}

	@Test
	void aConventionBeanReplacesTheDefault() {
		TestObservationRegistry registry = TestObservationRegistry.create();
		BucketHeadObservationConvention convention = new DefaultBucketHeadObservationConvention() {

			@Override
			public KeyValues getLowCardinalityKeyValues(BucketHeadObservationContext context) {
				return super.getLowCardinalityKeyValues(context).and("region", "eu");
			}

		};
		runner().withBean(ObservationRegistry.class, () -> registry)
			.withBean(BucketHeadObservationConvention.class, () -> convention)
			.run((context) -> {
				context.getBean(BucketSQLite.class).forceFlush();
				assertThat(registry).hasObservationWithNameEqualTo("buckethead.flush")
					.that()
					.hasLowCardinalityKeyValue("region", "eu")
					.hasLowCardinalityKeyValue("outcome", "skipped");
			});
	}

	@Test
	void metersHaveTheirNamesAndTags() {
		withMetrics().run((context) -> {
			assertThat(context).hasSingleBean(BucketHeadMetrics.class).hasSingleBean(SimpleMeterRegistry.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			BucketSQLite database = context.getBean(BucketSQLite.class);
			write(database, "CREATE TABLE t (v TEXT)", "INSERT INTO t VALUES ('metrics')");
			assertThat(registry.get("buckethead.dirty").gauge().value()).isEqualTo(1.0);
			database.forceFlush();
			database.forceFlush();

			assertThat(registry.get("buckethead.flush").tags("outcome", "success", "trigger", "manual").timer().count())
				.isEqualTo(1);
			assertThat(registry.get("buckethead.flush").tags("outcome", "skipped", "trigger", "manual").timer().count())
				.isEqualTo(1);
			assertThat(registry.get("buckethead.restore").tag("outcome", "success").timer().count()).isEqualTo(1);
			assertThat(registry.get("buckethead.restore.bytes").summary().count()).isEqualTo(1);
			assertThat(registry.get("buckethead.flush.bytes").summary().count()).isEqualTo(1);
			assertThat(registry.get("buckethead.flush.bytes").summary().totalAmount()).isPositive();
			assertThat(registry.get("buckethead.flush.bytes").summary().getId().getBaseUnit()).isEqualTo("bytes");
			assertThat(registry.get("buckethead.flush.chunks").tag("kind", "uploaded").summary().totalAmount())
				.isPositive();
			assertThat(registry.get("buckethead.flush.chunks").tag("kind", "reused").summary().count()).isEqualTo(1);
			assertThat(registry.get("buckethead.database.size").gauge().value()).isGreaterThanOrEqualTo(4096);
			assertThat(registry.get("buckethead.dirty").gauge().value()).isZero();
			assertThat(registry.get("buckethead.flush.consecutive.failures").gauge().value()).isZero();
			assertThat(registry.get("buckethead.flush.last.success.age").timeGauge().value()).isBetween(0.0, 60.0);
			assertThat(registry.get("buckethead.bucket.requests").tag("operation", "put").functionCounter().count())
				.isPositive();
			for (String operation : List.of("get", "head", "put", "delete", "list")) {
				assertThat(registry.find("buckethead.bucket.requests").tag("operation", operation).functionCounter())
					.isNotNull();
			}
			assertThat(registry.get("buckethead.bucket.bytes").tag("direction", "out").functionCounter().count())
				.isPositive();
			assertThat(registry.get("buckethead.bucket.bytes").tag("direction", "in").functionCounter()).isNotNull();
			// No tag anywhere holds a branch name, generation or key.
			registry.getMeters()
				.stream()
				.filter((meter) -> meter.getId().getName().startsWith("buckethead"))
				.flatMap((meter) -> meter.getId().getTags().stream())
				.forEach((tag) -> assertThat(tag.getKey()).isIn("outcome", "trigger", "error", "kind", "operation",
						"direction"));
		});
	}

	@Test
	void healthIsUpWithTheKeyFigures() {
		runner().run((context) -> {
			BucketSQLite database = context.getBean(BucketSQLite.class);
			write(database, "CREATE TABLE t (v TEXT)");
			Health dirty = context.getBean(BucketHeadHealthIndicator.class).health();
			assertThat(dirty.getStatus()).isEqualTo(Status.UP);
			assertThat(dirty.getDetails()).containsEntry("branch", "main").containsEntry("dirty", true);
			database.forceFlush();
			Health health = context.getBean(BucketHeadHealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("dirty", false)
				.containsEntry("generation", database.generation().orElseThrow())
				.containsEntry("consecutiveFailures", 0L)
				.containsKeys("inSyncAt", "inSyncAge");
		});
	}

	@Test
	void healthIndicatorCanBeTurnedOff() {
		runner().withPropertyValues("management.health.buckethead.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(BucketHeadHealthIndicator.class));
	}

	@Test
	void endpointOnlyWhenExposed() {
		runner().run((context) -> assertThat(context).doesNotHaveBean(BucketHeadEndpoint.class));
		runner().withPropertyValues("management.endpoints.web.exposure.include=health,buckethead")
			.run((context) -> assertThat(context).hasSingleBean(BucketHeadEndpoint.class));
	}

	@Test
	void flightRecorderEventsWhenTheSwitchIsOn() throws Exception {
		Path dump = this.temp.resolve("flushes.jfr");
		try (Recording recording = new Recording()) {
			recording.enable("dev.buckethead.Flush");
			recording.enable("dev.buckethead.Restore");
			recording.start();
			runner().withPropertyValues("buckethead.profiling.flight-recorder=true").run((context) -> {
				BucketSQLite database = context.getBean(BucketSQLite.class);
				write(database, "CREATE TABLE t (v TEXT)");
				database.forceFlush();
			});
			recording.stop();
			recording.dump(dump);
		}
		List<RecordedEvent> events = RecordingFile.readAllEvents(dump);
		assertThat(events).anySatisfy((event) -> {
			assertThat(event.getEventType().getName()).isEqualTo("dev.buckethead.Flush");
			assertThat(event.getString("trigger")).isEqualTo("manual");
			assertThat(event.getString("outcome")).isEqualTo("success");
			assertThat(event.getLong("bytesUploaded")).isPositive();
		});
		assertThat(events).anySatisfy(
				(event) -> assertThat(event.getEventType().getName()).isEqualTo("dev.buckethead.Restore"));
	}

	@Test
	void noFlightRecorderEventsByDefault() throws Exception {
		Path dump = this.temp.resolve("none.jfr");
		try (Recording recording = new Recording()) {
			recording.enable("dev.buckethead.Flush");
			recording.start();
			runner().run((context) -> {
				BucketSQLite database = context.getBean(BucketSQLite.class);
				write(database, "CREATE TABLE t (v TEXT)");
				database.forceFlush();
			});
			recording.stop();
			recording.dump(dump);
		}
		assertThat(RecordingFile.readAllEvents(dump))
			.noneMatch((event) -> event.getEventType().getName().startsWith("dev.buckethead"));
	}

	@Test
	void flushListenerBeansAreRegistered() {
		List<Long> uploaded = new java.util.concurrent.CopyOnWriteArrayList<>();
		runner()
			.withBean(FlushListener.class,
					() -> FlushListener.of(() -> { }, (duration, bytes) -> uploaded.add(bytes), (error) -> { }))
			.run((context) -> {
				write(context.getBean(BucketSQLite.class), "CREATE TABLE t (v TEXT)");
				context.getBean(BucketSQLite.class).forceFlush();
				assertThat(uploaded).hasSize(1).allMatch((bytes) -> bytes > 0);
			});
	}

}
