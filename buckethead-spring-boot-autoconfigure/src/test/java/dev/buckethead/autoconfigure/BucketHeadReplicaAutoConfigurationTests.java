package dev.buckethead.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;

import dev.buckethead.BucketSQLite;
import dev.buckethead.autoconfigure.replica.ReplicaEndpoint;
import dev.buckethead.autoconfigure.replica.ReplicaHealthIndicator;
import dev.buckethead.autoconfigure.replica.ReplicaMetrics;
import dev.buckethead.bucket.LocalDirectoryBucketClient;
import dev.buckethead.kv.KvStore;
import dev.buckethead.replica.BucketReplica;
import dev.buckethead.replica.ReplicaReadOnlyException;
import dev.buckethead.replica.ReplicaSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** {@code buckethead.mode=replica}: a read-only replica instead of the writer, with its DataSource and views. */
class BucketHeadReplicaAutoConfigurationTests {

	@TempDir
	Path temp;

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(BucketHeadAutoConfiguration.class,
					BucketHeadReplicaAutoConfiguration.class, BucketHeadDataSourceAutoConfiguration.class,
					DataSourceAutoConfiguration.class))
			.withPropertyValues("buckethead.bucket.local-directory=" + this.temp.resolve("bucket"),
					"buckethead.database.directory=" + this.temp.resolve("live"));
	}

	private BucketSQLite writer() {
		return BucketSQLite.builder()
			.bucket(new LocalDirectoryBucketClient(this.temp.resolve("bucket")))
			.directory(this.temp.resolve("writer"))
			.flushInterval(Duration.ZERO)
			.pageDeltas(true)
			.build()
			.start();
	}

	@Test
	void replicaModeFollowsTheBranchReadOnlyInsteadOfWritingIt() {
		try (BucketSQLite writer = writer()) {
			writer.kv().set("greeting", "hello");
			new JdbcTemplate(writer.dataSource()).execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)");
			new JdbcTemplate(writer.dataSource()).update("INSERT INTO t (name) VALUES ('one')");
			writer.forceFlush();
			runner().withPropertyValues("buckethead.mode=replica", "buckethead.replica.poll-interval=0s",
					"buckethead.replica.max-lag=1h")
				.run((context) -> {
					assertThat(context).hasNotFailed()
						.hasSingleBean(BucketReplica.class)
						.doesNotHaveBean(BucketSQLite.class)
						.hasSingleBean(ReplicaHealthIndicator.class)
						.hasSingleBean(ReplicaMetrics.class);
					BucketReplica replica = context.getBean(BucketReplica.class);
					assertThat(context.getBean(KvStore.class).get("greeting")).isEqualTo("hello");
					JdbcTemplate jdbc = new JdbcTemplate(context.getBean(javax.sql.DataSource.class));
					assertThat(jdbc.queryForObject("SELECT count(*) FROM t", Long.class)).isEqualTo(1);
					assertThatExceptionOfType(ReplicaReadOnlyException.class)
						.isThrownBy(() -> jdbc.update("INSERT INTO t (name) VALUES ('two')"))
						.withMessageContaining("read replica of branch 'main'");
					TransactionTemplate readOnly = new TransactionTemplate(
							new DataSourceTransactionManager(context.getBean(javax.sql.DataSource.class)));
					readOnly.setReadOnly(true);
					String read = readOnly.execute((status) -> jdbc.queryForObject("SELECT name FROM t", String.class));
					assertThat(read).isEqualTo("one");
					writer.kv().set("greeting", "hello again");
					writer.forceFlush();
					replica.pollNow();
					assertThat(context.getBean(KvStore.class).get("greeting")).isEqualTo("hello again");
					assertThat(context.getBean(ReplicaHealthIndicator.class).health().getStatus()).isEqualTo(Status.UP);
					SimpleMeterRegistry registry = new SimpleMeterRegistry();
					context.getBean(ReplicaMetrics.class).bindTo(registry);
					assertThat(registry.get("buckethead.replica.applied").functionCounter().count()).isEqualTo(1);
					assertThat(registry.get("buckethead.replica.lag").timeGauge()).isNotNull();
				});
		}
	}

	@Test
	void healthIsDownWhileTheBranchHasNoHead() {
		runner().withPropertyValues("buckethead.mode=replica", "buckethead.replica.poll-interval=0s")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(ReplicaHealthIndicator.class).health().getStatus()).isEqualTo(Status.DOWN);
				assertThat(context.getBean(ReplicaHealthIndicator.class).health().getDetails())
					.containsEntry("mode", "replica")
					.containsEntry("generation", "");
			});
	}

	@Test
	void writerModeIsTheDefaultAndHasNoReplica() {
		runner().run((context) -> assertThat(context).hasNotFailed()
			.hasSingleBean(BucketSQLite.class)
			.doesNotHaveBean(BucketReplica.class)
			.doesNotHaveBean(ReplicaEndpoint.class));
	}

	@Test
	void replicaModeTurnsOffMigrationsUnlessTheApplicationSetsThem() {
		org.springframework.core.env.StandardEnvironment replica = environment(java.util.Map.of("buckethead.mode",
				"replica"));
		assertThat(replica.getProperty("spring.flyway.enabled")).isEqualTo("false");
		assertThat(replica.getProperty("spring.liquibase.enabled")).isEqualTo("false");
		assertThat(replica.getProperty("spring.sql.init.mode")).isEqualTo("never");
		assertThat(environment(java.util.Map.of("buckethead.mode", "REPLICA", "spring.flyway.enabled", "true"))
			.getProperty("spring.flyway.enabled")).isEqualTo("true");
		assertThat(environment(java.util.Map.of("buckethead.mode", "writer")).getProperty("spring.flyway.enabled"))
			.isNull();
		assertThat(environment(java.util.Map.of()).getProperty("spring.flyway.enabled")).isNull();
	}

	private static org.springframework.core.env.StandardEnvironment environment(java.util.Map<String, Object> given) {
		org.springframework.core.env.StandardEnvironment environment = new org.springframework.core.env.StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new org.springframework.core.env.MapPropertySource("test", given));
		new ReplicaModeEnvironmentPostProcessor().postProcessEnvironment(environment,
				new org.springframework.boot.SpringApplication());
		return environment;
	}

	@Test
	void replicaPropertiesDefaultToCoresAndAreValidated() {
		BucketHeadProperties properties = new BucketHeadProperties();
		assertThat(properties.getMode()).isEqualTo(BucketHeadProperties.Mode.WRITER);
		assertThat(properties.getReplica().getPollInterval()).isEqualTo(ReplicaSettings.DEFAULT_POLL_INTERVAL);
		assertThat(properties.getReplica().getMaxLag()).isEqualTo(ReplicaSettings.DEFAULT_MAX_LAG);
		runner().withPropertyValues("buckethead.mode=replica", "buckethead.replica.max-lag=0s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("replica.max-lag"));
	}

}
