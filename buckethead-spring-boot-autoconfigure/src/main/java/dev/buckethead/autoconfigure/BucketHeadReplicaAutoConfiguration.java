package dev.buckethead.autoconfigure;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.buckethead.autoconfigure.replica.ReplicaEndpoint;
import dev.buckethead.autoconfigure.replica.ReplicaHealthIndicator;
import dev.buckethead.autoconfigure.replica.ReplicaMetrics;
import dev.buckethead.bucket.BucketClient;
import dev.buckethead.docs.DocStore;
import dev.buckethead.files.FileStore;
import dev.buckethead.kv.KvStore;
import dev.buckethead.encryption.KeyProvider;
import dev.buckethead.replica.BucketReplica;
import dev.buckethead.replica.ReplicaListener;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of a read replica, with {@code buckethead.mode=replica} (instead of
 * {@link BucketHeadAutoConfiguration}, which backs off): the {@link BucketReplica} of
 * {@code buckethead.snapshot.branch} (restored while the context starts, then polling every
 * {@code buckethead.replica.poll-interval}), a read-only pooled {@link DataSource} over it, the {@link KvStore},
 * {@link DocStore} and {@link FileStore} views (reads; writes fail with
 * {@link dev.buckethead.replica.ReplicaReadOnlyException}), the {@code buckethead} health and Actuator endpoint,
 * and the {@code buckethead.replica.*} meters. {@link ReplicaListener} beans hear every apply.
 */
@AutoConfiguration(afterName = { "io.awspring.cloud.autoconfigure.s3.S3AutoConfiguration",
		"org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration" },
		beforeName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnBooleanProperty(name = "buckethead.enabled", matchIfMissing = true)
@ConditionalOnProperty(name = "buckethead.mode", havingValue = "replica")
@EnableConfigurationProperties(BucketHeadProperties.class)
@Import({ BucketClientConfigurations.S3Bucket.class, BucketClientConfigurations.LocalDirectoryBucket.class })
public final class BucketHeadReplicaAutoConfiguration {

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	BucketReplica bucketReplica(BucketHeadProperties properties, BucketClient bucket,
			ObjectProvider<JsonMapper> jsonMapper, ObjectProvider<ReplicaListener> listeners,
			ObjectProvider<BucketSQLiteBuilderCustomizer> customizers, ObjectProvider<KeyProvider> keys) {
		var builder = BucketSQLiteFactory.builder(properties, bucket, dev.buckethead.BucketSQLite.DEFAULT_CLOSE_TIMEOUT);
		jsonMapper.ifAvailable(builder::jsonMapper);
		// The writer's key configuration, buckethead.encryption.* or a KeyProvider bean: the replica reads its objects.
		keys.ifAvailable(builder::encryption);
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		var replica = builder.replicaOf(properties.getSnapshot().getBranch())
			.pollInterval(properties.getReplica().getPollInterval())
			.maxLag(properties.getReplica().getMaxLag());
		listeners.orderedStream().forEach(replica::listener);
		return replica.build().start();
	}

	@Bean(destroyMethod = "")
	@Lazy
	@ConditionalOnMissingBean
	KvStore bucketHeadKvStore(BucketReplica replica) {
		return replica.kv();
	}

	@Bean(destroyMethod = "")
	@Lazy
	@ConditionalOnMissingBean
	DocStore bucketHeadDocStore(BucketReplica replica) {
		return replica.docs();
	}

	@Bean(destroyMethod = "")
	@Lazy
	@ConditionalOnMissingBean
	FileStore bucketHeadFileStore(BucketReplica replica) {
		return replica.files();
	}

	/** Read-only connections pooled like the writer's ({@code spring.datasource.hikari.*} applies). */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "com.zaxxer.hikari.HikariDataSource")
	@ConditionalOnBooleanProperty(name = "buckethead.datasource.enabled", matchIfMissing = true)
	static class ReplicaDataSource {

		@Bean
		@ConditionalOnMissingBean(DataSource.class)
		HikariDataSource dataSource(BucketReplica replica, Environment environment) {
			HikariDataSource dataSource = BucketHeadDataSourceAutoConfiguration.pool(replica.dataSource(),
					"buckethead-replica", environment);
			dataSource.setReadOnly(true);
			return dataSource;
		}

	}

	/** Nested twice so that the health condition is read only once Spring Boot's health support is present. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator")
	static class ReplicaHealth {

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnEnabledHealthIndicator("buckethead")
		static class EnabledHealthIndicator {

			@Bean
			@ConditionalOnMissingBean(name = { "bucketheadHealthIndicator", "bucketheadHealthContributor" })
			ReplicaHealthIndicator bucketheadHealthIndicator(BucketReplica replica) {
				return new ReplicaHealthIndicator(replica);
			}

		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
	static class ReplicaMeters {

		@Bean
		@ConditionalOnMissingBean
		ReplicaMetrics bucketHeadReplicaMetrics(BucketReplica replica) {
			return new ReplicaMetrics(replica);
		}

	}

	/** Nested twice so that the endpoint condition is read only once Actuator is present. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint")
	static class ReplicaActuator {

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnAvailableEndpoint(ReplicaEndpoint.class)
		static class AvailableEndpoint {

			@Bean
			@ConditionalOnMissingBean
			ReplicaEndpoint bucketHeadReplicaEndpoint(BucketReplica replica) {
				return new ReplicaEndpoint(replica);
			}

		}

	}

}
