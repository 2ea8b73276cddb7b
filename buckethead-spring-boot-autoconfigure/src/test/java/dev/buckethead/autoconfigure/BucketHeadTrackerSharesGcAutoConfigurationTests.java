package dev.buckethead.autoconfigure;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.buckethead.BucketSQLite;
import dev.buckethead.bucket.LocalDirectoryBucketClient;
import dev.buckethead.files.FileStore;
import dev.buckethead.shares.ShareConfig;
import dev.buckethead.shares.Shares;
import dev.buckethead.shares.SharesNotConfiguredException;
import dev.buckethead.snapshot.SnapshotLayout;
import dev.buckethead.tracker.FileVersion;
import dev.buckethead.tracker.LocalFileTracker;
import dev.buckethead.tracker.PathFilter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/** The Shares, LocalFileTracker, scheduled tracker sync and scheduled garbage collection beans. */
@ExtendWith(OutputCaptureExtension.class)
class BucketHeadTrackerSharesGcAutoConfigurationTests {

	@TempDir
	Path temp;

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(BucketHeadAutoConfiguration.class))
			.withPropertyValues("buckethead.bucket.local-directory=" + this.temp.resolve("bucket"),
					"buckethead.database.directory=" + this.temp.resolve("live"));
	}

	@Test
	void noSharesBeanWithoutAShareBucket() {
		runner().run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(Shares.class).hasSingleBean(LocalFileTracker.class);
			assertThatExceptionOfType(SharesNotConfiguredException.class)
				.isThrownBy(() -> context.getBean(BucketSQLite.class).shares())
				.withMessageContaining("BUCKETHEAD_SHARE__BUCKET");
		});
		runner().withPropertyValues("buckethead.shares.bucket= ")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(Shares.class));
	}

	@Test
	void sharesBeanIsTheEnginesWithTheConfiguredShareBucket() {
		runner().withPropertyValues("buckethead.shares.bucket=app-share", "buckethead.shares.default-lifetime=15m",
				"buckethead.shares.public-base-url=https://pub-1234.r2.dev/", "buckethead.shares.endpoint=http://s3.local:9000",
				"buckethead.shares.region=eu-west-1", "buckethead.shares.access-key-id=share-id",
				"buckethead.shares.secret-access-key=share-secret")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(Shares.class);
				Shares shares = context.getBean(Shares.class);
				assertThat(shares).isSameAs(context.getBean(BucketSQLite.class).shares());
				ShareConfig config = shares.config();
				assertThat(config.bucket()).isEqualTo("app-share");
				assertThat(config.publicBaseUrl()).isEqualTo("https://pub-1234.r2.dev");
				assertThat(config.defaultLifetime()).isEqualTo(Duration.ofMinutes(15));
				assertThat(config.bucketConfig().endpoint()).isEqualTo(URI.create("http://s3.local:9000"));
				assertThat(config.bucketConfig().region()).isEqualTo("eu-west-1");
				assertThat(config.bucketConfig().accessKeyId()).isEqualTo("share-id");
				assertThat(context.getBean(BucketHeadProperties.class).getShares().toString())
					.doesNotContain("share-secret")
					.doesNotContain("share-id");
			});
	}

	@Test
	void theShareBucketTakesWhatItLeavesUnsetFromTheDatabaseBucket() {
		BucketHeadProperties properties = new BucketHeadProperties();
		properties.getShares().setBucket("app-share");
		assertThat(ShareConfigFactory.shareConfig(new BucketHeadProperties())).isNull();

		properties.getBucket().setEndpoint(URI.create("http://minio.local:9000"));
		properties.getBucket().setRegion("eu-central-1");
		properties.getBucket().setAccessKeyId("main-id");
		properties.getBucket().setSecretAccessKey("main-secret");
		properties.getBucket().setPathStyle(false);
		ShareConfig fromMain = ShareConfigFactory.shareConfig(properties);
		assertThat(fromMain.bucketConfig().endpoint()).isEqualTo(URI.create("http://minio.local:9000"));
		assertThat(fromMain.bucketConfig().region()).isEqualTo("eu-central-1");
		assertThat(fromMain.bucketConfig().accessKeyId()).isEqualTo("main-id");
		assertThat(fromMain.bucketConfig().secretAccessKey()).isEqualTo("main-secret");
		assertThat(fromMain.bucketConfig().pathStyle()).isFalse();

		BucketHeadProperties r2 = new BucketHeadProperties();
		r2.getShares().setBucket("app-share");
		r2.getShares().setPathStyle(true);
		r2.getBucket().setCloudflareAccountId("abc123");
		ShareConfig onR2 = ShareConfigFactory.shareConfig(r2);
		assertThat(onR2.bucketConfig().endpoint()).hasToString("https://abc123.r2.cloudflarestorage.com");
		assertThat(onR2.bucketConfig().region()).isEqualTo("auto");
		assertThat(onR2.bucketConfig().pathStyle()).isTrue();
	}

	@Test
	void bindsTheTrackerSharesAndGcProperties() {
		runner()
			.withPropertyValues("buckethead.tracker.paths[0]=" + this.temp.resolve("conf"),
					"buckethead.tracker.paths[1]=notes.txt", "buckethead.tracker.include=*.json,k8s/*.yaml",
					"buckethead.tracker.exclude=*.tmp", "buckethead.tracker.trust-modification-time=false",
					"buckethead.tracker.sync-interval=30s", "buckethead.gc.interval=2h",
					"buckethead.gc.grace-period=10m", "buckethead.gc.files=false", "buckethead.shares.path-style=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				BucketHeadProperties properties = context.getBean(BucketHeadProperties.class);
				BucketHeadProperties.Tracker tracker = properties.getTracker();
				assertThat(tracker.getPaths()).containsExactly(this.temp.resolve("conf"), Path.of("notes.txt"));
				assertThat(tracker.getInclude()).containsExactly("*.json", "k8s/*.yaml");
				assertThat(tracker.getExclude()).containsExactly("*.tmp");
				assertThat(tracker.isTrustModificationTime()).isFalse();
				assertThat(tracker.getSyncInterval()).isEqualTo(Duration.ofSeconds(30));
				assertThat(properties.getGc().getInterval()).isEqualTo(Duration.ofHours(2));
				assertThat(properties.getGc().getGracePeriod()).isEqualTo(Duration.ofMinutes(10));
				assertThat(properties.getGc().isFiles()).isFalse();
				assertThat(properties.getShares().getPathStyle()).isFalse();
				assertThat(context.getBean(BucketHeadGarbageCollector.class).getInterval())
					.isEqualTo(Duration.ofHours(2));
				assertThat(context.getBean(BucketHeadTrackerSync.class).getInterval()).isEqualTo(Duration.ofSeconds(30));
				assertThat(context.getBean(LocalFileTracker.class).roots()).extracting((root) -> root.path())
					.containsExactlyInAnyOrder(Path.of("notes.txt").toAbsolutePath(), this.temp.resolve("conf"));
			});
	}

	@Test
	void defaults() {
		BucketHeadProperties properties = new BucketHeadProperties();
		assertThat(properties.getShares().getBucket()).isNull();
		assertThat(properties.getShares().getDefaultLifetime()).isEqualTo(Duration.ofHours(1));
		assertThat(properties.getShares().getPathStyle()).isNull();
		assertThat(properties.getTracker().getPaths()).isEmpty();
		assertThat(properties.getTracker().isTrustModificationTime()).isTrue();
		assertThat(properties.getTracker().getSyncInterval()).isNull();
		assertThat(properties.getGc().getInterval()).isEqualTo(Duration.ofHours(6));
		assertThat(properties.getGc().getGracePeriod()).isEqualTo(Duration.ofHours(1));
		assertThat(properties.getGc().isFiles()).isTrue();
	}

	@Test
	void invalidValuesFailTheStartupNamingEveryProperty() {
		runner()
			.withPropertyValues("buckethead.shares.bucket=Not_A_Bucket", "buckethead.shares.default-lifetime=8d",
					"buckethead.shares.public-base-url=pub.example.com", "buckethead.shares.endpoint=ftp://host",
					"buckethead.shares.secret-access-key=TOPSECRET123", "buckethead.tracker.include=[oops",
					"buckethead.tracker.exclude[0]={unclosed", "buckethead.tracker.sync-interval=-1s",
					"buckethead.gc.interval=-1h", "buckethead.gc.grace-period=-1m")
			.run((context) -> {
				assertThat(context).hasFailed();
				String message = findCause(context, BindValidationException.class).getMessage();
				assertThat(message).contains("shares.bucket", "valid S3 bucket name")
					.contains("shares.default-lifetime", "at most 7d")
					.contains("shares.public-base-url", "http(s) URL")
					.contains("shares.endpoint")
					.contains("buckethead.shares.access-key-id and buckethead.shares.secret-access-key")
					.contains("tracker.include", "[oops")
					.contains("tracker.exclude", "{unclosed")
					.contains("tracker.sync-interval", "gc.interval", "gc.grace-period")
					.doesNotContain("TOPSECRET123");
			});
	}

	@Test
	void noTrackerSyncByDefaultAndTheGcIsScheduledWhileTheContextRuns() {
		runner().run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(BucketHeadTrackerSync.class);
			BucketHeadGarbageCollector gc = context.getBean(BucketHeadGarbageCollector.class);
			assertThat(gc.isRunning()).isTrue();
			assertThat(gc.isScheduled()).isTrue();
			assertThat(gc.getInterval()).isEqualTo(Duration.ofHours(6));
			BucketSQLite database = context.getBean(BucketSQLite.class);
			context.close();
			assertThat(gc.isRunning()).isFalse();
			assertThat(gc.isScheduled()).isFalse();
			assertThat(database.isRunning()).isFalse();
		});
		runner().withPropertyValues("buckethead.gc.interval=0")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(BucketHeadGarbageCollector.class));
	}

	@Test
	void maintenanceStopsBeforeTheFinalFlush() {
		assertThat(BucketHeadTrackerSync.PHASE).isGreaterThan(BucketHeadFlushLifecycle.PHASE);
		assertThat(BucketHeadGarbageCollector.PHASE).isGreaterThan(BucketHeadFlushLifecycle.PHASE);
	}

	@Test
	void pathsAreTrackedAtStartWithoutASyncWhenNoIntervalIsSet() throws IOException {
		Path file = Files.writeString(this.temp.resolve("settings.json"), "{}");
		runner().withPropertyValues("buckethead.tracker.paths=" + file).run((context) -> {
			BucketHeadTrackerSync sync = context.getBean(BucketHeadTrackerSync.class);
			assertThat(sync.isRunning()).isTrue();
			assertThat(sync.isScheduled()).isFalse();
			LocalFileTracker tracker = context.getBean(LocalFileTracker.class);
			assertThat(tracker).isSameAs(context.getBean(BucketSQLite.class).tracker());
			assertThat(tracker.roots()).extracting((root) -> root.path()).containsExactly(file);
			assertThat(tracker.history(file)).isEmpty();
			assertThat(sync.syncNow().added()).containsExactly(file);
		});
	}

	@Test
	void theScheduledSyncPicksUpAChangedFileAndItsVersionsSurviveARestart() throws IOException {
		Path conf = Files.createDirectories(this.temp.resolve("conf"));
		Path settings = Files.writeString(conf.resolve("settings.json"), "{\"v\":1}");
		Files.writeString(conf.resolve("scratch.tmp"), "ignored");
		ApplicationContextRunner runner = runner().withPropertyValues("buckethead.tracker.paths=" + conf,
				"buckethead.tracker.exclude=*.tmp", "buckethead.tracker.sync-interval=100ms");
		runner.run((context) -> {
			BucketHeadTrackerSync sync = context.getBean(BucketHeadTrackerSync.class);
			assertThat(sync.isScheduled()).isTrue();
			LocalFileTracker tracker = context.getBean(LocalFileTracker.class);
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(tracker.history(settings)).hasSize(1));
			Files.writeString(settings, "{\"v\":2, \"changed\":true}");
			Files.setLastModifiedTime(settings, FileTime.from(Instant.now().plusSeconds(5)));
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(tracker.history(settings)).hasSize(2));
			assertThat(new String(tracker.readAllBytes(settings, 2), StandardCharsets.UTF_8)).contains("changed");
			assertThat(tracker.history(conf.resolve("scratch.tmp"))).isEmpty();
			context.close();
			assertThat(sync.isRunning()).isFalse();
			assertThat(sync.isScheduled()).isFalse();
		});
		// The final flush came after the last sync: the versions are in the bucket.
		runner().run((context) -> assertThat(context.getBean(LocalFileTracker.class).history(settings))
			.extracting(FileVersion::version)
			.containsExactly(1, 2));
	}

	@Test
	void theScheduledGcDeletesUnreferencedSnapshotObjectsAndBlobs(CapturedOutput output) {
		runner()
			.withPropertyValues("buckethead.snapshot.interval=0", "buckethead.snapshot.keep-generations=1",
					"buckethead.gc.interval=200ms", "buckethead.gc.grace-period=0s",
					"buckethead.files.gc-grace-period=0s")
			.run((context) -> {
				BucketSQLite database = context.getBean(BucketSQLite.class);
				LocalDirectoryBucketClient bucket = context.getBean(LocalDirectoryBucketClient.class);
				SnapshotLayout layout = new SnapshotLayout(SnapshotLayout.DEFAULT_SNAPSHOT_KEY);
				FileStore files = context.getBean(FileStore.class);
				// A blob whose key was deleted before any flush: no generation refers to it.
				String orphan = files.put("orphan".getBytes(StandardCharsets.UTF_8));
				files.delete(orphan);
				String kept = files.put("kept".getBytes(StandardCharsets.UTF_8));
				database.forceFlush();
				files.put("second generation".getBytes(StandardCharsets.UTF_8));
				database.forceFlush();
				await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
					assertThat(bucket.head(files.objectKey(orphan))).isEmpty();
					// keep-generations=1: the first generation's manifest goes.
					assertThat(bucket.list(layout.manifestPrefix())).hasSize(1);
				});
				assertThat(bucket.head(files.objectKey(kept))).isPresent();
				assertThat(files.exists(kept)).isTrue();
			});
		assertThat(output).contains("BucketHead gc deleted");
	}

	@Test
	void collectionsNeverOverlap() throws Exception {
		runner().withPropertyValues("buckethead.gc.interval=0").run((context) -> {
			BucketSQLite database = context.getBean(BucketSQLite.class);
			database.files();
			CountDownLatch inside = new CountDownLatch(1);
			CountDownLatch release = new CountDownLatch(1);
			BucketHeadGarbageCollector gc = new BucketHeadGarbageCollector(database, () -> {
				inside.countDown();
				awaitLatch(release);
				return database.files();
			}, Duration.ZERO, Duration.ofHours(1), true);
			Thread first = new Thread(gc::collectNow);
			first.start();
			assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
			assertThat(gc.collectNow()).isEmpty();
			release.countDown();
			first.join(10_000);
			Optional<BucketHeadGarbageCollector.Result> after = gc.collectNow();
			assertThat(after).isPresent();
			assertThat(after.get().files()).isNotNull();
		});
	}

	@Test
	void aFailingScheduledCollectionIsLoggedAndTriedAgain(CapturedOutput output) {
		runner().withPropertyValues("buckethead.gc.interval=0").run((context) -> {
			BucketSQLite database = context.getBean(BucketSQLite.class);
			database.files();
			AtomicInteger attempts = new AtomicInteger();
			BucketHeadGarbageCollector gc = new BucketHeadGarbageCollector(database, () -> {
				attempts.incrementAndGet();
				throw new IllegalStateException("bucket unreachable");
			}, Duration.ofMillis(50), Duration.ofHours(1), true);
			gc.start();
			try {
				await().atMost(Duration.ofSeconds(10)).until(() -> attempts.get() >= 2);
			}
			finally {
				gc.stop();
			}
			assertThat(database.isRunning()).isTrue();
		});
		assertThat(output).contains("BucketHead gc failed, trying again in PT0.05S: bucket unreachable");
	}

	@Test
	void aTrackerSyncFailureIsLoggedAndTriedAgain(CapturedOutput output) {
		runner().withPropertyValues("buckethead.gc.interval=0").run((context) -> {
			BucketSQLite database = context.getBean(BucketSQLite.class);
			AtomicInteger attempts = new AtomicInteger();
			BucketHeadTrackerSync sync = new BucketHeadTrackerSync(database, () -> {
				if (attempts.incrementAndGet() > 1) {
					throw new IllegalStateException("disk gone");
				}
				return database.tracker();
			}, List.of(), PathFilter.all(), Duration.ofMillis(50));
			sync.start();
			try {
				await().atMost(Duration.ofSeconds(10)).until(() -> attempts.get() >= 3);
			}
			finally {
				sync.stop();
			}
		});
		assertThat(output).contains("BucketHead tracker sync failed, trying again in PT0.05S: disk gone");
	}

	@Test
	void backsOffForTheApplicationsBeans() {
		runner().withPropertyValues("buckethead.tracker.sync-interval=1h")
			.withBean("myGc", BucketHeadGarbageCollector.class,
					() -> new BucketHeadGarbageCollector(null, () -> null, Duration.ZERO, Duration.ZERO,
							false))
			.withBean("mySync", BucketHeadTrackerSync.class,
					() -> new BucketHeadTrackerSync(null, () -> null, List.of(), PathFilter.all(), null))
			.run((context) -> assertThat(context).hasSingleBean(BucketHeadGarbageCollector.class)
				.hasBean("myGc")
				.hasSingleBean(BucketHeadTrackerSync.class)
				.hasBean("mySync"));
	}

	private static void awaitLatch(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
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

}
