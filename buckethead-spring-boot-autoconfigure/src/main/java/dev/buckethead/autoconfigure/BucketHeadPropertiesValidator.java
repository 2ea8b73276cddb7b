package dev.buckethead.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import dev.buckethead.config.BucketHeadConfigException;
import dev.buckethead.autoconfigure.BucketHeadProperties.Bucket;
import dev.buckethead.autoconfigure.BucketHeadProperties.Gc;
import dev.buckethead.autoconfigure.BucketHeadProperties.Shares;
import dev.buckethead.autoconfigure.BucketHeadProperties.Snapshot;
import dev.buckethead.branch.BranchNames;
import dev.buckethead.shares.ShareConfig;
import dev.buckethead.snapshot.RestorePoint;
import dev.buckethead.snapshot.SnapshotLayout;
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

	private BucketHeadPropertiesValidator() {
	}

	static void validate(BucketHeadProperties properties, Errors errors) {
		validateBucket(properties.getBucket(), errors);
		validateSnapshot(properties.getSnapshot(), errors);
		notNegative(errors, "database.busy-timeout", properties.getDatabase().getBusyTimeout());
		if (properties.getDatabase().getKeepSetAsideFiles() < 1) {
			errors.rejectValue("database.keep-set-aside-files", "range", "must be at least 1");
		}
		intSize(errors, "kv.max-key-size", properties.getKv().getMaxKeySize());
		intSize(errors, "kv.max-value-size", properties.getKv().getMaxValueSize());
		if (properties.getFiles().getObjectPrefix().startsWith("/")) {
			errors.rejectValue("files.object-prefix", "invalid", "must not start with '/'");
		}
		notNegative(errors, "files.gc-grace-period", properties.getFiles().getGcGracePeriod());
		validateShares(properties.getShares(), errors);
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
	}

	private static void validateBucket(Bucket bucket, Errors errors) {
		String name = bucket.getName();
		if (name != null && !name.matches(BUCKET_NAME)) {
			errors.rejectValue("bucket.name", "invalid",
					"must be a valid S3 bucket name: 3-63 lowercase letters, digits, '.' or '-'");
		}
		URI endpoint = bucket.getEndpoint();
		if (endpoint != null && (endpoint.getHost() == null
				|| !("http".equals(endpoint.getScheme()) || "https".equals(endpoint.getScheme())))) {
			errors.rejectValue("bucket.endpoint", "invalid", "must be an http(s) URL such as https://host:port");
		}
		String accountId = bucket.getCloudflareAccountId();
		if (accountId != null) {
			if (!accountId.matches("[A-Za-z0-9]{1,64}")) {
				errors.rejectValue("bucket.cloudflare-account-id", "invalid", "must be 1-64 letters or digits");
			}
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
		if (shares.getEndpoint() != null && !isHttpUrl(shares.getEndpoint())) {
			errors.rejectValue("shares.endpoint", "invalid", "must be an http(s) URL such as https://host:port");
		}
		String publicBaseUrl = shares.getPublicBaseUrl();
		if (publicBaseUrl != null) {
			URI url = null;
			try {
				url = URI.create(publicBaseUrl);
			}
			catch (IllegalArgumentException ex) {
				// Reported below.
			}
			if (url == null || !isHttpUrl(url) || url.getQuery() != null || url.getFragment() != null) {
				errors.rejectValue("shares.public-base-url", "invalid",
						"must be an http(s) URL without query or fragment, such as https://pub-1234.r2.dev");
			}
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

	private static boolean isHttpUrl(URI url) {
		return url.getHost() != null && ("http".equals(url.getScheme()) || "https".equals(url.getScheme()));
	}

	private static void validateSnapshot(Snapshot snapshot, Errors errors) {
		check(errors, "snapshot.key", () -> new SnapshotLayout(snapshot.getKey()));
		check(errors, "snapshot.branch", () -> BranchNames.validate(snapshot.getBranch()));
		notNegative(errors, "snapshot.interval", snapshot.getInterval());
		if (snapshot.getKeepGenerations() < 1) {
			errors.rejectValue("snapshot.keep-generations", "range", "must be at least 1");
		}
		String generation = snapshot.getRestoreGeneration();
		if (generation != null) {
			check(errors, "snapshot.restore-generation", () -> RestorePoint.generation(generation));
			if (snapshot.getRestoreAsOf() != null) {
				errors.rejectValue("snapshot.restore-generation", "conflict",
						"cannot be combined with buckethead.snapshot.restore-as-of");
			}
		}
		long chunk = snapshot.getChunkSize().toBytes();
		if (chunk < 4096 || chunk > 64L * 1024 * 1024 || Long.bitCount(chunk) != 1) {
			errors.rejectValue("snapshot.chunk-size", "range", "must be a power of two from 4KB to 64MB");
		}
		if (snapshot.getCompressionLevel() < 1 || snapshot.getCompressionLevel() > 19) {
			errors.rejectValue("snapshot.compression-level", "range", "must be between 1 and 19");
		}
		if (snapshot.getIoThreads() < 1 || snapshot.getIoThreads() > 256) {
			errors.rejectValue("snapshot.io-threads", "range", "must be between 1 and 256");
		}
		BucketHeadProperties.Retention retention = snapshot.getRetention();
		check(errors, "snapshot.retention", () -> BucketSQLiteFactory.retention(retention));
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
