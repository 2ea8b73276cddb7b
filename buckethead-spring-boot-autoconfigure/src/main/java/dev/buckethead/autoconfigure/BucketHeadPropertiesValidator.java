package dev.buckethead.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.buckethead.BucketHeadException;
import dev.buckethead.config.BucketHeadConfigException;
import dev.buckethead.config.EngineSettings;
import dev.buckethead.autoconfigure.BucketHeadProperties.Bucket;
import dev.buckethead.autoconfigure.BucketHeadProperties.Gc;
import dev.buckethead.autoconfigure.BucketHeadProperties.Shares;
import dev.buckethead.autoconfigure.BucketHeadProperties.Snapshot;
import dev.buckethead.bucket.Endpoints;
import dev.buckethead.shares.ShareConfig;
import dev.buckethead.snapshot.RestorePoint;
import dev.buckethead.tracker.PathFilter;
import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;

/**
 * Checks {@link BucketHeadProperties} when they are bound, so a mistake fails the start-up with every problem
 * listed, each under its property name, before anything touches the bucket. Field names are given in the dashed
 * form so the failure report shows them exactly as they are written in {@code application.yml}.
 * <p>
 * Credentials are only ever reported as global errors: a field error would print the rejected value.
 */
final class BucketHeadPropertiesValidator {

	private static final String BUCKET_NAME = "[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]";

	private static final long MIN_PART = DataSize.ofMegabytes(5).toBytes();

	/** Where each of the engine's settings is in {@code buckethead.*}. */
	private static final Map<EngineSettings.Name, String> ENGINE_FIELDS = Map.of(EngineSettings.Name.SNAPSHOT_KEY,
			"snapshot.key", EngineSettings.Name.BRANCH, "snapshot.branch", EngineSettings.Name.FLUSH_INTERVAL,
			"snapshot.interval", EngineSettings.Name.KEEP_GENERATIONS, "snapshot.keep-generations",
			EngineSettings.Name.CHUNK_SIZE, "snapshot.chunk-size", EngineSettings.Name.COMPRESSION_LEVEL,
			"snapshot.compression-level", EngineSettings.Name.IO_THREADS, "snapshot.io-threads",
			EngineSettings.Name.BUSY_TIMEOUT, "database.busy-timeout", EngineSettings.Name.KEEP_SET_ASIDE_FILES,
			"database.keep-set-aside-files");

	private BucketHeadPropertiesValidator() {
	}

	static void validate(BucketHeadProperties properties, Errors errors) {
		validateBucket(properties.getBucket(), errors);
		for (EngineSettings.Problem problem : BucketSQLiteFactory.engineSettings(properties).problems()) {
			errors.rejectValue(ENGINE_FIELDS.get(problem.name()), "invalid", problem.rule());
		}
		validateSnapshot(properties.getSnapshot(), errors);
		intSize(errors, "kv.max-key-size", properties.getKv().getMaxKeySize());
		intSize(errors, "kv.max-value-size", properties.getKv().getMaxValueSize());
		if (properties.getFiles().getObjectPrefix().startsWith("/")) {
			errors.rejectValue("files.object-prefix", "invalid", "must not start with '/'");
		}
		notNegative(errors, "files.gc-grace-period", properties.getFiles().getGcGracePeriod());
		validateShares(properties.getShares(), errors);
		validateEncryption(properties.getEncryption(), errors);
		BucketHeadProperties.Tracker tracker = properties.getTracker();
		check(errors, "tracker.include", () -> PathFilter.of(tracker.getInclude(), List.of()));
		check(errors, "tracker.exclude", () -> PathFilter.of(List.of(), tracker.getExclude()));
		if (tracker.getSyncInterval() != null) {
			notNegative(errors, "tracker.sync-interval", tracker.getSyncInterval());
		}
		Gc gc = properties.getGc();
		notNegative(errors, "gc.interval", gc.getInterval());
		notNegative(errors, "gc.grace-period", gc.getGracePeriod());
		if (properties.getHealth().getMaxConsecutiveFailures() < 1) {
			errors.rejectValue("health.max-consecutive-failures", "range", "must be at least 1");
		}
		positiveIfSet(errors, "health.max-unflushed-age", properties.getHealth().getMaxUnflushedAge());
		positiveIfSet(errors, "health.max-flush-duration", properties.getHealth().getMaxFlushDuration());
		notNegative(errors, "replica.poll-interval", properties.getReplica().getPollInterval());
		positiveIfSet(errors, "replica.max-lag", properties.getReplica().getMaxLag());
	}

	private static void validateBucket(Bucket bucket, Errors errors) {
		String name = bucket.getName();
		if (name != null && !name.matches(BUCKET_NAME)) {
			errors.rejectValue("bucket.name", "invalid",
					"must be a valid S3 bucket name: 3-63 lowercase letters, digits, '.' or '-'");
		}
		URI endpoint = bucket.getEndpoint();
		if (endpoint != null && !Endpoints.isHttpUrl(endpoint)) {
			errors.rejectValue("bucket.endpoint", "invalid", Endpoints.ENDPOINT_RULE);
		}
		String accountId = bucket.getCloudflareAccountId();
		if (accountId != null) {
			check(errors, "bucket.cloudflare-account-id", () -> Endpoints.r2(accountId));
			if (endpoint != null) {
				errors.rejectValue("bucket.cloudflare-account-id", "conflict",
						"sets the R2 endpoint, so it cannot be combined with buckethead.bucket.endpoint");
			}
		}
		if (isBlank(bucket.getAccessKeyId()) != isBlank(bucket.getSecretAccessKey())) {
			errors.reject("credentials", "buckethead.bucket.access-key-id and buckethead.bucket.secret-access-key "
					+ "must be set together (values not shown)");
		}
		// Core's own check, so that the rules (positive, attempt within call) are stated once.
		check(errors, "bucket", () -> S3BucketClientFactory.timeouts(bucket));
		if (bucket.getMultipartThreshold().toBytes() < MIN_PART) {
			errors.rejectValue("bucket.multipart-threshold", "range", "must be at least 5MB, the S3 minimum part");
		}
	}

	private static void validateShares(Shares shares, Errors errors) {
		String name = shares.getBucket();
		if (name != null && !name.matches(BUCKET_NAME)) {
			errors.rejectValue("shares.bucket", "invalid",
					"must be a valid S3 bucket name: 3-63 lowercase letters, digits, '.' or '-'");
		}
		if (shares.getEndpoint() != null && !Endpoints.isHttpUrl(shares.getEndpoint())) {
			errors.rejectValue("shares.endpoint", "invalid", Endpoints.ENDPOINT_RULE);
		}
		String publicBaseUrl = shares.getPublicBaseUrl();
		if (publicBaseUrl != null && !Endpoints.isBaseUrl(publicBaseUrl)) {
			errors.rejectValue("shares.public-base-url", "invalid",
					"must be an http(s) URL without query or fragment, such as https://pub-1234.r2.dev");
		}
		if (!ShareConfig.isValidLifetime(shares.getDefaultLifetime())) {
			errors.rejectValue("shares.default-lifetime", "range",
					"must be at least 1s and at most 7d, the longest S3 accepts for a presigned link");
		}
		if (isBlank(shares.getAccessKeyId()) != isBlank(shares.getSecretAccessKey())) {
			errors.reject("credentials", "buckethead.shares.access-key-id and buckethead.shares.secret-access-key "
					+ "must be set together (values not shown)");
		}
	}

	/** Keys are secrets: reported as global errors, which never print the value. */
	private static void validateEncryption(BucketHeadProperties.Encryption encryption, Errors errors) {
		if (encryption.getKey() != null && encryption.getKeyFile() != null) {
			errors.reject("encryption", "buckethead.encryption.key and buckethead.encryption.key-file are both set: "
					+ "set one of them");
			return;
		}
		if (encryption.getKey() == null && encryption.getKeyFile() == null && !encryption.getOldKeys().isEmpty()) {
			errors.reject("encryption", "buckethead.encryption.old-keys is set without buckethead.encryption.key: old "
					+ "keys only decrypt; set the primary key too (values not shown)");
			return;
		}
		try {
			BucketSQLiteFactory.keyRing(encryption);
		}
		catch (BucketHeadException ex) {
			errors.reject("encryption", "buckethead.encryption: " + ex.getMessage());
		}
	}

	private static void validateSnapshot(Snapshot snapshot, Errors errors) {
		String generation = snapshot.getRestoreGeneration();
		if (generation != null) {
			check(errors, "snapshot.restore-generation", () -> RestorePoint.generation(generation));
			if (snapshot.getRestoreAsOf() != null) {
				errors.rejectValue("snapshot.restore-generation", "conflict",
						"cannot be combined with buckethead.snapshot.restore-as-of");
			}
		}
		BucketHeadProperties.Retention retention = snapshot.getRetention();
		check(errors, "snapshot.retention", () -> BucketSQLiteFactory.retention(retention));
		check(errors, "snapshot.chain", () -> BucketSQLiteFactory.chainLimits(snapshot.getChain()));
	}

	/** A size that core holds in an {@code int} of bytes. */
	private static void intSize(Errors errors, String field, DataSize value) {
		if (value.toBytes() < 1 || value.toBytes() > Integer.MAX_VALUE) {
			errors.rejectValue(field, "range", "must be between 1B and 2GB");
		}
	}

	private static void positiveIfSet(Errors errors, String field, @Nullable Duration value) {
		if (value != null && (value.isNegative() || value.isZero())) {
			errors.rejectValue(field, "range", "must be positive");
		}
	}

	private static void notNegative(Errors errors, String field, Duration value) {
		if (value.isNegative()) {
			errors.rejectValue(field, "range", "must not be negative");
		}
	}

	/** Runs one of core's own checks and reports its message under {@code field}. */
	private static void check(Errors errors, String field, Runnable validation) {
		try {
			validation.run();
		}
		catch (RuntimeException ex) {
			errors.rejectValue(field, "invalid", String.join("; ", BucketHeadConfigException.problemsOf(ex)));
		}
	}

	private static boolean isBlank(@Nullable String value) {
		return value == null || value.isBlank();
	}

}
