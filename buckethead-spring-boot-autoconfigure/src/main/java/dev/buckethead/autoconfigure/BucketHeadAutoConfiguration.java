package dev.buckethead.autoconfigure;

import java.time.Duration;

import dev.buckethead.BucketSQLite;
import dev.buckethead.branch.Branches;
import dev.buckethead.bucket.BucketClient;
import dev.buckethead.bucket.LocalDirectoryBucketClient;
import dev.buckethead.docs.DocStore;
import dev.buckethead.encryption.KeyProvider;
import dev.buckethead.files.FileStore;
import dev.buckethead.kv.KvStore;
import dev.buckethead.shares.Shares;
import dev.buckethead.snapshot.FlushListener;
import dev.buckethead.tracker.LocalFileTracker;
import dev.buckethead.tracker.PathFilter;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.context.LifecycleProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Lazy;

/**
 * Auto-configuration for BucketHead: the bucket, the {@link BucketSQLite} (restored from the bucket while the
 * context starts, before any bean can use it), its {@link Branches}, the {@link KvStore}, {@link DocStore} and
 * {@link FileStore} views, the {@link LocalFileTracker}, the {@link Shares} (with {@code buckethead.shares.bucket}),
 * the scheduled tracker sync and garbage collection, and the final flush at shutdown. {@link FlushListener} beans (any
 * {@link dev.buckethead.snapshot.SnapshotListener} among them also hears the restore and branch switches) and
 * {@link BucketSQLiteBuilderCustomizer} beans are applied to the engine before it starts. Runs after Spring Cloud AWS's S3 auto-configuration so that its {@code S3Client} can be reused.
 * <p>
 * A {@code BucketSQLite} bean defined by the application replaces the one here and must be started (call
 * {@code start()} in its factory method); the branches, views and final flush then use it.
 */
@AutoConfiguration(afterName = { "io.awspring.cloud.autoconfigure.s3.S3AutoConfiguration",
		"org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration" })
@ConditionalOnBooleanProperty(name = "buckethead.enabled", matchIfMissing = true)
@ConditionalOnProperty(name = "buckethead.mode", havingValue = "writer", matchIfMissing = true)
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
	BucketSQLite bucketSQLite(BucketHeadProperties properties, ObjectProvider<BucketClient> bucket,
			ObjectProvider<JsonMapper> jsonMapper, ObjectProvider<FlushListener> listeners,
			ObjectProvider<BucketSQLiteBuilderCustomizer> customizers, ObjectProvider<LifecycleProperties> lifecycle,
			ObjectProvider<KeyProvider> keys) {
		// During AOT processing the configured bucket is not even created (see AotBuild).
		BucketClient client = AotBuild.inProgress() ? AotBuild.temporaryBucket() : bucket.getObject();
		BucketSQLite.Builder builder = BucketSQLiteFactory.builder(properties, client, finalFlushDeadline(lifecycle));
		jsonMapper.ifAvailable(builder::jsonMapper);
		listeners.orderedStream().forEach(builder::listener);
		// The application's KeyProvider (KMS, Vault) in place of buckethead.encryption.key, as for a replica.
		keys.ifAvailable(builder::encryption);
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		if (client instanceof LocalDirectoryBucketClient temporary && AotBuild.inProgress()) {
			AotBuild.isolate(builder, temporary);
		}
		return builder.build().start();
	}

	/**
	 * Records the restore, failures and the last moment the bucket held everything, for the Actuator endpoint,
	 * health and metrics. A {@link FlushListener} bean, so registered before the engine starts like any other.
	 */
	@Bean
	@ConditionalOnMissingBean
	BucketHeadActivity bucketHeadActivity() {
		return new BucketHeadActivity();
	}

	@Bean
	@ConditionalOnMissingBean
	BucketHeadFlushLifecycle bucketHeadFlushLifecycle(BucketSQLite database,
			ObjectProvider<LifecycleProperties> lifecycle) {
		return new BucketHeadFlushLifecycle(database, finalFlushDeadline(lifecycle));
	}

	/** Just short of {@code spring.lifecycle.timeout-per-shutdown-phase} (Spring Boot's default: 30s). */
	private static Duration finalFlushDeadline(ObjectProvider<LifecycleProperties> lifecycle) {
		return BucketHeadFlushLifecycle
			.finalFlushDeadline(lifecycle.getIfAvailable(LifecycleProperties::new).getTimeoutPerShutdownPhase());
	}

	@Bean
	@ConditionalOnMissingBean
	Branches bucketHeadBranches(BucketSQLite database) {
		return database.branches();
	}

	/**
	 * The engine's own key-value view, so that the application and the engine share one instance. Lazy, as are
	 * the other views, because the view creates its {@code bh_kv} table: an application that never injects it
	 * gets no extra table in its schema. Views are created after Flyway and Liquibase (see
	 * {@link ViewsDependOnDatabaseInitializationDetector}), which refuse to migrate a non-empty schema.
	 */
	@Bean(destroyMethod = "")
	@Lazy
	@ConditionalOnMissingBean
	KvStore bucketHeadKvStore(BucketSQLite database) {
		return database.kv();
	}

	/** The engine's JSON document view, mapping documents with the application's {@code JsonMapper}. */
	@Bean(destroyMethod = "")
	@Lazy
	@ConditionalOnMissingBean
	DocStore bucketHeadDocStore(BucketSQLite database) {
		return database.docs();
	}

	/** The engine's content-addressed file view, whose blobs live in the bucket under its object prefix. */
	@Bean(destroyMethod = "")
	@Lazy
	@ConditionalOnMissingBean
	FileStore bucketHeadFileStore(BucketSQLite database) {
		return database.files();
	}

	/**
	 * The engine's local file tracker (tables {@code bh_tracked_*}, {@code bh_file_versions}, and the file
	 * store's), lazy like the views.
	 */
	@Bean(destroyMethod = "")
	@Lazy
	@ConditionalOnMissingBean
	LocalFileTracker bucketHeadLocalFileTracker(BucketSQLite database) {
		return database.tracker();
	}

	/**
	 * The engine's share links, through the share bucket of {@code buckethead.shares.*} (given to the engine's
	 * builder). Lazy, because it creates the file store's table; the engine closes its share bucket client.
	 */
	@Bean(destroyMethod = "")
	@Lazy
	@ConditionalOnMissingBean
	@Conditional(OnShareBucketCondition.class)
	Shares bucketHeadShares(BucketSQLite database) {
		return database.shares();
	}

	/** Tracks {@code buckethead.tracker.paths} at start-up and syncs every {@code sync-interval}. */
	@Bean
	@ConditionalOnMissingBean
	@Conditional(MaintenanceConditions.Tracker.class)
	BucketHeadTrackerSync bucketHeadTrackerSync(BucketHeadProperties properties, BucketSQLite database,
			ObjectProvider<LocalFileTracker> tracker) {
		BucketHeadProperties.Tracker settings = properties.getTracker();
		return new BucketHeadTrackerSync(database, () -> tracker.getIfAvailable(database::tracker),
				settings.getPaths(), PathFilter.of(settings.getInclude(), settings.getExclude()),
				settings.getSyncInterval());
	}

	/** Collects snapshot objects and file blobs nothing needs any more, every {@code buckethead.gc.interval}. */
	@Bean
	@ConditionalOnMissingBean
	@Conditional(MaintenanceConditions.Gc.class)
	BucketHeadGarbageCollector bucketHeadGarbageCollector(BucketHeadProperties properties, BucketSQLite database,
			ObjectProvider<FileStore> files) {
		BucketHeadProperties.Gc gc = properties.getGc();
		return new BucketHeadGarbageCollector(database, () -> files.getIfAvailable(database::files),
				gc.getInterval(), gc.getGracePeriod(), gc.isFiles(), gc.isDeleteHeadless());
	}

}
