package dev.buckethead.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;

import dev.buckethead.BucketSQLite;
import dev.buckethead.bucket.BucketConfig;
import dev.buckethead.bucket.BucketTimeouts;
import dev.buckethead.config.EngineSettings;
import dev.buckethead.files.FileStoreOptions;
import dev.buckethead.kv.KvOptions;
import dev.buckethead.snapshot.ChainLimits;
import dev.buckethead.snapshot.SnapshotLayout;
import dev.buckethead.snapshot.SnapshotWriter;
import dev.buckethead.bucket.LocalDirectoryBucketClient;
import dev.buckethead.snapshot.RetentionPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.context.LifecycleProperties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The properties' defaults are core's: written out in {@link BucketHeadProperties} (so that the configuration
 * metadata shows them), and held to core's constants here.
 */
class BucketHeadPropertiesDefaultsTests {

	@TempDir
	Path temp;

	@Test
	void bucketDeadlinesAreCoresDefaults() {
		BucketHeadProperties.Bucket bucket = new BucketHeadProperties().getBucket();
		assertThat(S3BucketClientFactory.timeouts(bucket)).isEqualTo(BucketTimeouts.defaults());
	}

	@Test
	void pageDeltasDefaultIsCores() {
		assertThat(new BucketHeadProperties().getSnapshot().isPageDeltas())
			.isEqualTo(BucketSQLite.Builder.DEFAULT_PAGE_DELTAS);
	}

	@Test
	void chainLimitsDefaultsAreCores() {
		BucketHeadProperties.Chain chain = new BucketHeadProperties().getSnapshot().getChain();
		assertThat(chain.getMaxSteps()).isEqualTo(ChainLimits.DEFAULT_MAX_STEPS);
		assertThat(chain.getMaxBytesRatio()).isEqualTo(ChainLimits.DEFAULT_MAX_BYTES_RATIO);
		assertThat(chain.getHeadLagSteps()).isEqualTo(ChainLimits.DEFAULT_HEAD_LAG_STEPS);
		assertThat(chain.getHeadLagTime()).isEqualTo(ChainLimits.DEFAULT_HEAD_LAG_TIME);
		assertThat(BucketSQLiteFactory.chainLimits(chain)).isEqualTo(ChainLimits.DEFAULTS);
	}

	@Test
	void snapshotDatabaseAndViewDefaultsAreCores() {
		BucketHeadProperties properties = new BucketHeadProperties();
		BucketHeadProperties.Snapshot snapshot = properties.getSnapshot();
		assertThat(snapshot.getKey()).isEqualTo(SnapshotLayout.DEFAULT_SNAPSHOT_KEY);
		assertThat(snapshot.getBranch()).isEqualTo(SnapshotLayout.DEFAULT_BRANCH);
		assertThat(snapshot.getChunkSize().toBytes()).isEqualTo(SnapshotWriter.DEFAULT_CHUNK_SIZE);
		assertThat(snapshot.getOnMissingHead()).isEqualTo(BucketSQLite.Builder.DEFAULT_ON_MISSING_HEAD);
		assertThat(properties.getDatabase().getKeepSetAsideFiles())
			.isEqualTo(BucketSQLite.Builder.DEFAULT_KEEP_SET_ASIDE_FILES);
		assertThat(properties.getFiles().getObjectPrefix()).isEqualTo(FileStoreOptions.DEFAULT_OBJECT_PREFIX);
		assertThat(properties.getFiles().getGcGracePeriod()).isEqualTo(FileStoreOptions.DEFAULT_GC_GRACE_PERIOD);
		assertThat(properties.getKv().getMaxKeySize().toBytes()).isEqualTo(KvOptions.DEFAULT_MAX_KEY_BYTES);
		assertThat(properties.getKv().getMaxValueSize().toBytes()).isEqualTo(KvOptions.DEFAULT_MAX_VALUE_BYTES);
	}

	@Test
	void engineSettingsAreCoresDefaults() {
		assertThat(BucketSQLiteFactory.engineSettings(new BucketHeadProperties())).isEqualTo(EngineSettings.defaults());
	}

	@Test
	void bucketConnectionDefaultsAreCores() {
		BucketHeadProperties.Bucket bucket = new BucketHeadProperties().getBucket();
		bucket.setName("defaults");
		BucketConfig core = BucketConfig.builder().bucket("defaults").build();
		BucketConfig mapped = S3BucketClientFactory.bucketConfig(bucket);
		assertThat(mapped.region()).isEqualTo(core.region());
		assertThat(mapped.pathStyle()).isEqualTo(core.pathStyle());
		assertThat(mapped.checksumMode()).isEqualTo(core.checksumMode());
		assertThat(mapped.multipartThreshold()).isEqualTo(core.multipartThreshold());
		assertThat(mapped.timeouts()).isEqualTo(core.timeouts());
	}

	@Test
	void retentionLeftUnsetIsCoresDefaultAndAWindowSetTakesTheOthersFromCore() {
		BucketHeadProperties properties = new BucketHeadProperties();
		BucketHeadProperties.Retention retention = properties.getSnapshot().getRetention();
		BucketSQLite.Builder unset = BucketSQLiteFactory.builder(properties, new LocalDirectoryBucketClient(temp),
				Duration.ofSeconds(5));
		assertThat(unset.retentionPolicy()).isEqualTo(BucketSQLite.builder().retentionPolicy());
		assertThat(BucketSQLiteFactory.retention(retention)).isEqualTo(RetentionPolicy.DEFAULTS);
		retention.setHourlyFor(Duration.ZERO);
		BucketSQLite.Builder set = BucketSQLiteFactory.builder(properties, new LocalDirectoryBucketClient(temp),
				Duration.ofSeconds(5));
		assertThat(set.retentionPolicy()).isEqualTo(new RetentionPolicy(RetentionPolicy.DEFAULT_EVERY_POINT_FOR,
				Duration.ZERO, RetentionPolicy.DEFAULT_DAILY_FOR));
	}

	@Test
	void theFinalFlushEndsJustInsideTheShutdownPhase() {
		Duration springBootDefault = new LifecycleProperties().getTimeoutPerShutdownPhase();
		assertThat(springBootDefault).isEqualTo(Duration.ofSeconds(30));
		assertThat(BucketHeadFlushLifecycle.finalFlushDeadline(springBootDefault)).isEqualTo(Duration.ofSeconds(29));
		assertThat(BucketHeadFlushLifecycle.finalFlushDeadline(Duration.ofSeconds(5))).isEqualTo(Duration.ofMillis(4500));
		// Longer than a bucket call's deadline, so one stuck call does not doom the final flush.
		assertThat(BucketHeadFlushLifecycle.finalFlushDeadline(springBootDefault))
			.isGreaterThan(BucketTimeouts.DEFAULT_CALL_TIMEOUT)
			.isGreaterThan(BucketSQLite.DEFAULT_CLOSE_TIMEOUT);
	}

}
