package dev.buckethead.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import dev.buckethead.BucketSQLite;
import dev.buckethead.autoconfigure.BucketHeadProperties.Database;
import dev.buckethead.autoconfigure.BucketHeadProperties.Files;
import dev.buckethead.autoconfigure.BucketHeadProperties.Snapshot;
import dev.buckethead.bucket.BucketClient;
import dev.buckethead.config.EngineSettings;
import dev.buckethead.encryption.EncryptionKey;
import dev.buckethead.encryption.KeyRing;
import dev.buckethead.files.FileStoreOptions;
import dev.buckethead.kv.KvOptions;
import dev.buckethead.snapshot.ChainLimits;
import dev.buckethead.snapshot.RestorePoint;
import dev.buckethead.snapshot.RetentionPolicy;
import dev.buckethead.tracker.TrackerOptions;
import org.jspecify.annotations.Nullable;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.PropertyMapper;

/** Turns {@link BucketHeadProperties} into a {@link BucketSQLite.Builder}; unset optional values keep core's defaults. */
final class BucketSQLiteFactory {

	private BucketSQLiteFactory() {
	}

	/**
	 * @param closeTimeout the final flush's deadline when the bean is destroyed without a lifecycle stop (see
	 * {@link BucketHeadFlushLifecycle#finalFlushDeadline})
	 */
	static BucketSQLite.Builder builder(BucketHeadProperties properties, BucketClient bucket, Duration closeTimeout) {
		Snapshot snapshot = properties.getSnapshot();
		Database database = properties.getDatabase();
		BucketSQLite.Builder builder = BucketSQLite.builder().bucket(bucket);
		PropertyMapper map = PropertyMapper.get();
		builder.engineSettings(engineSettings(properties));
		map.from(snapshot::isFallbackToPreviousGeneration).to(builder::fallbackToPreviousGeneration);
		map.from(snapshot::isPageDeltas).to(builder::pageDeltas);
		builder.chainLimits(chainLimits(snapshot.getChain()));
		map.from(snapshot::getOnMissingHead).to(builder::onMissingHead);
		builder.restorePoint(restorePoint(snapshot));
		if (snapshot.getRetention().isSet()) {
			builder.retention(retention(snapshot.getRetention()));
		}
		map.from(database::getStorage).to(builder::storage);
		map.from(database::getDirectory).to(builder::directory);
		builder.closeTimeout(closeTimeout);
		BucketHeadProperties.Kv kv = properties.getKv();
		builder.kvOptions(KvOptions.defaults()
			.withMaxKeyBytes(Math.toIntExact(kv.getMaxKeySize().toBytes()))
			.withMaxValueBytes(Math.toIntExact(kv.getMaxValueSize().toBytes())));
		Files files = properties.getFiles();
		builder.fileStoreOptions(FileStoreOptions.defaults()
			.withObjectPrefix(files.getObjectPrefix())
			.withGcGracePeriod(files.getGcGracePeriod()));
		builder.trackerOptions(TrackerOptions.defaults()
			.withTrustModificationTime(properties.getTracker().isTrustModificationTime()));
		builder.shareConfig(ShareConfigFactory.shareConfig(properties));
		builder.flightRecorder(properties.getProfiling().isFlightRecorder());
		builder.encryption(keyRing(properties.getEncryption()));
		return builder;
	}

	/** The engine's settings in {@code buckethead.*}, validated by core's one set of rules. */
	static EngineSettings engineSettings(BucketHeadProperties properties) {
		Snapshot snapshot = properties.getSnapshot();
		Database database = properties.getDatabase();
		long chunkSize = snapshot.getChunkSize().toBytes();
		return new EngineSettings(snapshot.getKey(), snapshot.getBranch(), snapshot.getInterval(),
				snapshot.getKeepGenerations(),
				(int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, chunkSize)),
				snapshot.getCompressionLevel(), snapshot.getIoThreads(), database.getBusyTimeout(),
				database.getKeepSetAsideFiles());
	}

	/** The keys of {@code buckethead.encryption.*}, or null when no key is set (encryption off). */
	static @Nullable KeyRing keyRing(BucketHeadProperties.Encryption encryption) {
		if (!encryption.isEnabled()) {
			return null;
		}
		String key = encryption.getKey();
		Path keyFile = encryption.getKeyFile();
		EncryptionKey primary = (key != null) ? EncryptionKey.fromBase64(key) : EncryptionKey.fromFile(keyFile);
		return KeyRing.of(primary, encryption.getOldKeys().stream().map(EncryptionKey::fromBase64).toList());
	}

	/** The windows set, the others at core's defaults. */
	static RetentionPolicy retention(BucketHeadProperties.Retention retention) {
		return new RetentionPolicy(orDefault(retention.getEveryPointFor(), RetentionPolicy.DEFAULT_EVERY_POINT_FOR),
				orDefault(retention.getHourlyFor(), RetentionPolicy.DEFAULT_HOURLY_FOR),
				orDefault(retention.getDailyFor(), RetentionPolicy.DEFAULT_DAILY_FOR));
	}

	/** The chain's limits, validated by core's constructor. */
	static ChainLimits chainLimits(BucketHeadProperties.Chain chain) {
		return new ChainLimits(chain.getMaxSteps(), chain.getMaxBytesRatio(), chain.getHeadLagSteps(),
				chain.getHeadLagTime());
	}

	private static Duration orDefault(@Nullable Duration value, Duration fallback) {
		return value != null ? value : fallback;
	}

	private static RestorePoint restorePoint(Snapshot snapshot) {
		String generation = snapshot.getRestoreGeneration();
		Instant asOf = snapshot.getRestoreAsOf();
		if (generation != null) {
			return RestorePoint.generation(generation);
		}
		return (asOf != null) ? RestorePoint.asOf(asOf) : RestorePoint.latest();
	}

}
