package dev.buckethead.autoconfigure;

import dev.buckethead.BucketSQLite;
import dev.buckethead.branch.Branches;
import dev.buckethead.bucket.BucketClient;
import dev.buckethead.kv.KvOptions;
import dev.buckethead.kv.KvStore;
import dev.buckethead.snapshot.FlushListener;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Lazy;

/**
 * Auto-configuration for BucketHead: the bucket, the {@link BucketSQLite} (restored from the bucket while the
 * context starts, before any bean can use it), its {@link Branches}, the {@link KvStore} view and the final flush
 * at shutdown. Runs after Spring Cloud AWS's S3 auto-configuration so that its {@code S3Client} can be reused.
 * <p>
 * A {@code BucketSQLite} bean defined by the application replaces the one here and must be started (call
 * {@code start()} in its factory method); the branches, views and final flush then use it.
 */
@AutoConfiguration(afterName = "io.awspring.cloud.autoconfigure.s3.S3AutoConfiguration")
@ConditionalOnBooleanProperty(name = "buckethead.enabled", matchIfMissing = true)
@EnableConfigurationProperties(BucketHeadProperties.class)
@Import({ BucketClientConfigurations.S3Bucket.class, BucketClientConfigurations.LocalDirectoryBucket.class })
public final class BucketHeadAutoConfiguration {

	/**
	 * Started here rather than in a lifecycle callback so that the DataSource, Flyway and every other dependent
	 * bean see the restored database. {@code close} (idempotent) is the safety net for a context closed without
	 * stopping; normally {@link BucketHeadFlushLifecycle} has closed it already.
	 */
	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	BucketSQLite bucketSQLite(BucketHeadProperties properties, BucketClient bucket,
			ObjectProvider<FlushListener> listeners, ObjectProvider<BucketSQLiteBuilderCustomizer> customizers) {
		BucketSQLite.Builder builder = BucketSQLiteFactory.builder(properties, bucket);
		listeners.orderedStream().forEach(builder::listener);
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return builder.build().start();
	}

	@Bean
	@ConditionalOnMissingBean
	BucketHeadFlushLifecycle bucketHeadFlushLifecycle(BucketSQLite database) {
		return new BucketHeadFlushLifecycle(database);
	}

	@Bean
	@ConditionalOnMissingBean
	Branches bucketHeadBranches(BucketSQLite database) {
		return database.branches();
	}

	/**
	 * Lazy, because the view creates its {@code bh_kv} table: an application that never injects it gets no extra
	 * table in its schema. Views are created after Flyway and Liquibase (see
	 * {@link ViewsDependOnDatabaseInitializationDetector}), which refuse to migrate a non-empty schema.
	 */
	@Bean
	@Lazy
	@ConditionalOnMissingBean
	KvStore bucketHeadKvStore(BucketSQLite database, BucketHeadProperties properties) {
		int maxValueBytes = Math.toIntExact(properties.getKv().getMaxValueSize().toBytes());
		return new KvStore(database.viewContext(), KvOptions.defaults().withMaxValueBytes(maxValueBytes));
	}

	// TODO(DocStore): add a lazy DocStore bean (new DocStore(database.viewContext(), jsonMapper)) when it lands in
	// core, taking Spring's JsonMapper bean when there is one.
	// TODO(FileStore): add a lazy FileStore bean when it lands in core, with a buckethead.files.* group only if
	// it has options worth exposing.

}
