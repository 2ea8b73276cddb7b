package dev.buckethead.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.buckethead.BucketSQLite;
import dev.buckethead.branch.Branches;
import dev.buckethead.bucket.BucketClient;
import dev.buckethead.bucket.ChecksumMode;
import dev.buckethead.bucket.LocalDirectoryBucketClient;
import dev.buckethead.docs.DocCollection;
import dev.buckethead.docs.DocStore;
import dev.buckethead.files.FileStore;
import dev.buckethead.kv.KvKeyTooLongException;
import dev.buckethead.kv.KvOptions;
import dev.buckethead.kv.KvStore;
import dev.buckethead.kv.KvValueTooLargeException;
import dev.buckethead.live.LiveStorage;
import dev.buckethead.snapshot.ChainLimits;
import dev.buckethead.snapshot.FlushListener;
import dev.buckethead.snapshot.FlushResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The beans, their conditions, property binding and validation, and the shutdown behaviour. */
@ExtendWith(OutputCaptureExtension.class)
class BucketHeadAutoConfigurationTests {

	@TempDir
	Path temp;

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(BucketHeadAutoConfiguration.class,
					BucketHeadDataSourceAutoConfiguration.class, DataSourceAutoConfiguration.class))
			.withPropertyValues("buckethead.bucket.local-directory=" + this.temp.resolve("bucket"),
					"buckethead.database.directory=" + this.temp.resolve("live"));
	}

	@Test
	void createsEveryBeanOnTheLocalDirectoryByDefault(CapturedOutput output) {
		runner().run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(LocalDirectoryBucketClient.class)
				.hasSingleBean(BucketSQLite.class)
				.hasSingleBean(Branches.class)
				.hasSingleBean(BucketHeadFlushLifecycle.class)
				.hasSingleBean(KvStore.class)
				.hasSingleBean(DocStore.class)
				.hasSingleBean(FileStore.class)
				.hasSingleBean(HikariDataSource.class);
			assertThat(context.getBean(LocalDirectoryBucketClient.class).root()).isEqualTo(this.temp.resolve("bucket"));
			assertThat(context.getBean(BucketSQLite.class).isRunning()).isTrue();
			assertThat(context.getBean(Branches.class).current()).isEqualTo("main");
			HikariDataSource dataSource = context.getBean(HikariDataSource.class);
			assertThat(dataSource.getMaximumPoolSize()).isEqualTo(8);
			assertThat(dataSource.getPoolName()).isEqualTo("buckethead");
		});
		assertThat(output).containsOnlyOnce("BucketHead snapshots go to the local directory " + this.temp.resolve("bucket"))
			.contains("set buckethead.bucket.name (or BUCKETHEAD_BUCKET__NAME)");
	}

	@Test
	void kvStoreWorksAndHonoursTheMaximumKeyAndValueSizes() {
		runner().withPropertyValues("buckethead.kv.max-value-size=8B", "buckethead.kv.max-key-size=4B")
			.run((context) -> {
				KvStore kv = context.getBean(KvStore.class);
				kv.set("k", "12345678");
				assertThat(kv.get("k")).isEqualTo("12345678");
				assertThatExceptionOfType(KvValueTooLargeException.class).isThrownBy(() -> kv.set("k", "123456789"));
				kv.set("abcd", "v");
				assertThatExceptionOfType(KvKeyTooLongException.class).isThrownBy(() -> kv.set("abcde", "v"))
					.withMessageContaining("limit of 4 bytes");
			});
	}

	@Test
	void kvPropertyDefaultsAreTheCores() {
		BucketHeadProperties.Kv kv = new BucketHeadProperties().getKv();
		assertThat(kv.getMaxKeySize().toBytes()).isEqualTo(KvOptions.DEFAULT_MAX_KEY_BYTES);
		assertThat(kv.getMaxValueSize().toBytes()).isEqualTo(KvOptions.DEFAULT_MAX_VALUE_BYTES);
	}

	@Test
	void viewsAreTheEnginesOwnAndUseTheirProperties() {
		runner().withPropertyValues("buckethead.files.object-prefix=blobs/").run((context) -> {
			BucketSQLite database = context.getBean(BucketSQLite.class);
			assertThat(context.getBean(KvStore.class)).isSameAs(database.kv());
			assertThat(context.getBean(DocStore.class)).isSameAs(database.docs());
			FileStore files = context.getBean(FileStore.class);
			assertThat(files).isSameAs(database.files());
			String key = files.put("content".getBytes(StandardCharsets.UTF_8));
			assertThat(files.objectKey(key)).startsWith("blobs/");
			assertThat(context.getBean(LocalDirectoryBucketClient.class).get(files.objectKey(key))).isPresent();
			DocCollection users = context.getBean(DocStore.class).collection("users");
			users.insert(Map.of("name", "alice", "age", 30));
			assertThat(users.count(Map.of("age", Map.of("$gte", 18)))).isEqualTo(1);
		});
	}

	@Test
	void doesNothingWhenDisabled() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(BucketHeadAutoConfiguration.class,
					BucketHeadDataSourceAutoConfiguration.class))
			.withPropertyValues("buckethead.enabled=false").run((context) -> assertThat(context)
			.hasNotFailed()
			.doesNotHaveBean(BucketClient.class)
			.doesNotHaveBean(BucketSQLite.class)
			.doesNotHaveBean(Branches.class)
			.doesNotHaveBean(BucketHeadFlushLifecycle.class)
			.doesNotHaveBean(DataSource.class));
	}

	@Test
	void leavesTheDataSourceAloneWhenTheDataSourceIsDisabled() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(BucketHeadAutoConfiguration.class,
					BucketHeadDataSourceAutoConfiguration.class))
			.withPropertyValues("buckethead.bucket.local-directory=" + this.temp.resolve("bucket"),
					"buckethead.database.directory=" + this.temp.resolve("live"), "buckethead.datasource.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(BucketSQLite.class).doesNotHaveBean(DataSource.class));
	}

	@Test
	void backsOffForTheApplicationsBucketClient() {
		runner().withBean("myBucket", BucketClient.class, () -> new LocalDirectoryBucketClient(this.temp.resolve("mine")))
			.run((context) -> {
				assertThat(context).hasSingleBean(BucketClient.class).hasBean("myBucket");
				assertThat(context.getBean(BucketSQLite.class).bucket()).isSameAs(context.getBean("myBucket"));
			});
	}

	@Test
	void backsOffForTheApplicationsBucketSQLite() {
		runner().withUserConfiguration(OwnDatabaseConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(BucketSQLite.class).hasBean("myDatabase");
			assertThat(context.getBean(Branches.class)).isSameAs(context.getBean(BucketSQLite.class).branches());
			assertThat(context).hasSingleBean(HikariDataSource.class);
		});
	}

	@Test
	void backsOffForTheApplicationsDataSource() {
		DataSource mine = new HikariDataSource();
		runner().withBean("myDataSource", DataSource.class, () -> mine)
			.run((context) -> assertThat(context).hasSingleBean(DataSource.class)
				.getBean(DataSource.class)
				.isSameAs(mine));
	}

	@Test
	void startsWithoutHikariOrSpringJdbc() {
		runner().withClassLoader(new FilteredClassLoader("com.zaxxer.hikari", "org.springframework.jdbc"))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(BucketSQLite.class)
				.doesNotHaveBean(DataSource.class));
	}

	@Test
	void startsWithoutSpringCloudAws() {
		runner().withClassLoader(new FilteredClassLoader("io.awspring"))
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(BucketSQLite.class));
	}

	@Test
	void bindsDurationsSizesEnumsAndInstants() {
		runner()
			.withPropertyValues("buckethead.snapshot.interval=250ms", "buckethead.snapshot.chunk-size=64KB",
					"buckethead.snapshot.key=apps/shop/db.sqlite", "buckethead.snapshot.branch=feature-1",
					"buckethead.snapshot.keep-generations=3",
					"buckethead.database.storage=memory", "buckethead.database.busy-timeout=2s",
					"buckethead.bucket.checksum-mode=when-supported", "buckethead.kv.max-value-size=2KB",
					"buckethead.bucket.multipart-threshold=32MB")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				BucketHeadProperties properties = context.getBean(BucketHeadProperties.class);
				assertThat(properties.getSnapshot().getInterval()).isEqualTo(Duration.ofMillis(250));
				assertThat(properties.getSnapshot().getChunkSize()).isEqualTo(DataSize.ofKilobytes(64));
				assertThat(properties.getDatabase().getStorage()).isEqualTo(LiveStorage.MEMORY);
				assertThat(properties.getDatabase().getBusyTimeout()).isEqualTo(Duration.ofSeconds(2));
				assertThat(properties.getBucket().getChecksumMode()).isEqualTo(ChecksumMode.WHEN_SUPPORTED);
				assertThat(properties.getKv().getMaxValueSize()).isEqualTo(DataSize.ofKilobytes(2));
				assertThat(properties.getBucket().getMultipartThreshold()).isEqualTo(DataSize.ofMegabytes(32));
				assertThat(context.getBean(BucketSQLite.class).branch()).isEqualTo("feature-1");
			});
	}

	@Test
	void bindsRestoreAsOfAndReportsThatTheBranchHasNoSnapshotThen() {
		runner().withPropertyValues("buckethead.snapshot.restore-as-of=2026-01-02T03:04:05Z").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("Cannot restore branch 'main' as of 2026-01-02T03:04:05Z");
		});
	}

	@Test
	void invalidValuesFailTheStartupNamingEveryProperty() {
		runner()
			.withPropertyValues("buckethead.snapshot.keep-generations=0", "buckethead.snapshot.chunk-size=3KB",
					"buckethead.snapshot.interval=-1s", "buckethead.snapshot.branch=no spaces",
					"buckethead.bucket.name=Not_A_Bucket", "buckethead.kv.max-value-size=0B", "buckethead.kv.max-key-size=3GB",
					"buckethead.files.object-prefix=/abs/", "buckethead.files.gc-grace-period=-1m",
					"buckethead.bucket.attempt-timeout=20s", "buckethead.bucket.connect-timeout=0s",
					"buckethead.health.max-flush-duration=0s", "buckethead.snapshot.retention.hourly-for=-1h")
			.run((context) -> {
				assertThat(context).hasFailed();
				BindValidationException failure = findCause(context, BindValidationException.class);
				assertThat(failure.getMessage()).contains("snapshot.keep-generations", "must be at least 1")
					.contains("snapshot.retention", "hourlyFor must be zero (off) or positive")
					.contains("snapshot.chunk-size", "power of two")
					.contains("snapshot.interval", "must not be negative")
					.contains("snapshot.branch")
					.contains("bucket.name", "valid S3 bucket name")
					.contains("kv.max-value-size")
					.contains("kv.max-key-size")
					.contains("files.object-prefix")
					.contains("files.gc-grace-period")
					.contains("the attempt timeout (PT20S) must not be longer than the call timeout (PT15S)")
					.contains("the connect timeout must be positive")
					.contains("health.max-flush-duration");
			});
	}

	@Test
	void unconvertibleValuesFailNamingTheProperty() {
		runner().withPropertyValues("buckethead.snapshot.interval=soon").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(findCause(context, BindException.class).getMessage())
				.contains("buckethead.snapshot.interval");
		});
		runner().withPropertyValues("buckethead.database.storage=disk").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(findCause(context, BindException.class).getMessage()).contains("buckethead.database.storage");
		});
	}

	@Test
	void credentialProblemsNeverShowTheSecret() {
		runner()
			.withPropertyValues("buckethead.bucket.name=my-bucket", "buckethead.bucket.secret-access-key=TOPSECRET123")
			.run((context) -> {
				assertThat(context).hasFailed();
				BindValidationException failure = findCause(context, BindValidationException.class);
				assertThat(failure.getMessage()).contains("access-key-id and buckethead.bucket.secret-access-key")
					.doesNotContain("TOPSECRET123");
			});
	}

	@Test
	void encryptionKeyProblemsNeverShowTheKey() {
		runner().withPropertyValues("buckethead.encryption.key=TOPSECRETKEY", "buckethead.encryption.old-keys=OLDSECRET")
			.run((context) -> {
				assertThat(context).hasFailed();
				BindValidationException failure = findCause(context, BindValidationException.class);
				assertThat(failure.getMessage()).contains("buckethead.encryption")
					.doesNotContain("TOPSECRETKEY")
					.doesNotContain("OLDSECRET");
			});
		runner().withPropertyValues("buckethead.encryption.key=c2VjcmV0", "buckethead.encryption.key-file=/k")
			.run((context) -> assertThat(findCause(context, BindValidationException.class).getMessage())
				.contains("set one of them")
				.doesNotContain("c2VjcmV0"));
		runner().withPropertyValues("buckethead.encryption.old-keys=c2VjcmV0").run((context) -> assertThat(
				findCause(context, BindValidationException.class).getMessage())
			.contains("without buckethead.encryption.key")
			.doesNotContain("c2VjcmV0"));
	}

	@Test
	void conflictingSettingsAreReported() {
		runner()
			.withPropertyValues("buckethead.bucket.name=my-bucket", "buckethead.bucket.endpoint=http://localhost:9000",
					"buckethead.bucket.cloudflare-account-id=abc123",
					"buckethead.snapshot.restore-generation=20261121T235141.123Z-9f2c01ab",
					"buckethead.snapshot.restore-as-of=2026-01-01T00:00:00Z")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(findCause(context, BindValidationException.class).getMessage())
					.contains("bucket.cloudflare-account-id", "cannot be combined with buckethead.bucket.endpoint")
					.contains("snapshot.restore-generation", "restore-as-of");
			});
	}

	@Test
	void chainPropertiesReachTheEngine() {
		AtomicReference<BucketSQLite.Builder> built = new AtomicReference<>();
		runner()
			.withPropertyValues("buckethead.snapshot.chain.max-steps=500", "buckethead.snapshot.chain.max-bytes-ratio=0.25",
					"buckethead.snapshot.chain.head-lag-steps=20", "buckethead.snapshot.chain.head-lag-time=30s")
			.withBean(BucketSQLiteBuilderCustomizer.class, () -> built::set)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(built.get().chainLimits()).isEqualTo(new ChainLimits(500, 0.25, 20, Duration.ofSeconds(30)));
			});
	}

	@Test
	void invalidChainLimitsFailTheStartupNamingTheProperty() {
		runner()
			.withPropertyValues("buckethead.snapshot.chain.max-bytes-ratio=0")
			.run((context) -> {
				assertThat(context).hasFailed();
				BindValidationException failure = findCause(context, BindValidationException.class);
				assertThat(failure.getMessage()).contains("snapshot.chain", "maxBytesRatio must be positive, got 0.0");
			});
	}

	@Test
	void flushListenersAndCustomizersApply() {
		List<FlushResult> flushes = new CopyOnWriteArrayList<>();
		FlushListener listener = new FlushListener() {

			@Override
			public void onFlushComplete(FlushResult result) {
				flushes.add(result);
			}

		};
		Clock clock = Clock.systemUTC();
		AtomicReference<BucketSQLite.Builder> customized = new AtomicReference<>();
		runner().withBean(FlushListener.class, () -> listener)
			.withBean(BucketSQLiteBuilderCustomizer.class, () -> (builder) -> customized.set(builder.clock(clock)))
			.run((context) -> {
				BucketSQLite database = context.getBean(BucketSQLite.class);
				try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
					statement.execute("CREATE TABLE t (x)");
				}
				database.forceFlush();
				assertThat(flushes).hasSize(1);
				assertThat(customized).doesNotHaveNullValue();
			});
	}

	@Test
	void closingTheContextFlushesAndTheNextContextRestores() {
		runner().run((context) -> {
			JdbcHelper.execute(context.getBean(DataSource.class), "CREATE TABLE kept (v TEXT)",
					"INSERT INTO kept VALUES ('survives')");
			assertThat(context.getBean(BucketSQLite.class).isDirty()).isTrue();
		});
		runner().run((context) -> assertThat(JdbcHelper.queryString(context.getBean(DataSource.class),
				"SELECT v FROM kept")).isEqualTo("survives"));
	}

	@Test
	void lifecycleStopFlushesClosesAndCallsBack() throws Exception {
		runner().run((context) -> {
			BucketSQLite database = context.getBean(BucketSQLite.class);
			JdbcHelper.execute(context.getBean(DataSource.class), "CREATE TABLE stopped (v TEXT)");
			BucketHeadFlushLifecycle lifecycle = context.getBean(BucketHeadFlushLifecycle.class);
			assertThat(lifecycle.isRunning()).isTrue();
			CountDownLatch called = new CountDownLatch(1);
			lifecycle.stop(called::countDown);
			assertThat(called.await(30, TimeUnit.SECONDS)).isTrue();
			assertThat(lifecycle.isRunning()).isFalse();
			assertThat(database.isRunning()).isFalse();
			assertThat(database.statistics().completed()).isEqualTo(1);
		});
	}

	@Test
	void theFinalFlushRunsAfterRequestsAndTasksHaveStopped() {
		assertThat(BucketHeadFlushLifecycle.PHASE).isLessThan(WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE)
			.isLessThan(WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE)
			.isLessThan(new ThreadPoolTaskScheduler().getPhase())
			.isLessThan(new ThreadPoolTaskExecutor().getPhase());
	}

	@Test
	void aFailedStartupStillClosesTheDatabase() {
		AtomicReference<BucketSQLite> seen = new AtomicReference<>();
		runner().withBean("failing", String.class, () -> {
			throw new IllegalStateException("boom");
		}, (definition) -> definition.setDependsOn("bucketSQLite"))
			.withInitializer((context) -> context.getBeanFactory()
				.addBeanPostProcessor(new org.springframework.beans.factory.config.BeanPostProcessor() {

					@Override
					public Object postProcessAfterInitialization(Object bean, String beanName) {
						if (bean instanceof BucketSQLite database) {
							seen.set(database);
						}
						return bean;
					}

				}))
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(seen.get()).isNotNull();
				assertThat(seen.get().isRunning()).isFalse();
			});
	}

	private static <T extends Throwable> T findCause(AssertableApplicationContext context, Class<T> type) {
		Throwable current = context.getStartupFailure();
		while (current != null) {
			if (type.isInstance(current)) {
				return type.cast(current);
			}
			current = current.getCause();
		}
		throw new AssertionError("No " + type.getSimpleName() + " in " + context.getStartupFailure());
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnDatabaseConfiguration {

		@Bean(destroyMethod = "close")
		BucketSQLite myDatabase(BucketClient bucket) {
			return BucketSQLite.builder().bucket(bucket).snapshotKey("own.db").build().start();
		}

	}

}
