package dev.buckethead.bucket;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.buckethead.config.BucketHeadConfigException;
import org.jspecify.annotations.Nullable;

/**
 * Where and how to reach an S3-compatible bucket. Build one with {@link #builder()}, or
 * {@link #forR2(String, String, String, String)} for Cloudflare R2. Credentials never appear in
 * {@link #toString()}.
 */
public final class BucketConfig {

	private final String bucket;

	private final @Nullable URI endpoint;

	private final String region;

	private final @Nullable String accessKeyId;

	private final @Nullable String secretAccessKey;

	private final boolean pathStyle;

	private final ChecksumMode checksumMode;

	private final BucketTimeouts timeouts;

	private final long multipartThreshold;

	private BucketConfig(Builder b) {
		this.bucket = b.bucket == null ? "" : b.bucket;
		this.endpoint = b.endpoint;
		this.region = b.region;
		this.accessKeyId = b.accessKeyId;
		this.secretAccessKey = b.secretAccessKey;
		this.pathStyle = b.pathStyle;
		this.checksumMode = b.checksumMode;
		this.timeouts = b.timeouts;
		this.multipartThreshold = b.multipartThreshold;
	}

	public static Builder builder() {
		return new Builder();
	}

	/**
	 * A Cloudflare R2 bucket: endpoint {@code https://<accountId>.r2.cloudflarestorage.com}, region
	 * {@code auto}, path-style addressing.
	 */
	public static BucketConfig forR2(String accountId, String bucket, String accessKeyId, String secretAccessKey) {
		return builder().bucket(bucket)
			.location(Endpoints.resolve(null, accountId, null))
			.credentials(accessKeyId, secretAccessKey)
			.pathStyle(true)
			.build();
	}

	public String bucket() {
		return bucket;
	}

	/** The S3 endpoint; null means AWS S3 itself, found from the region. */
	public @Nullable URI endpoint() {
		return endpoint;
	}

	public String region() {
		return region;
	}

	/** The endpoint and region together, for a second bucket that takes what it leaves unset from this one. */
	public Endpoints.Location location() {
		return new Endpoints.Location(endpoint, region);
	}

	/** Static access key id; null means the AWS SDK's default credentials chain. */
	public @Nullable String accessKeyId() {
		return accessKeyId;
	}

	public @Nullable String secretAccessKey() {
		return secretAccessKey;
	}

	public boolean pathStyle() {
		return pathStyle;
	}

	public ChecksumMode checksumMode() {
		return checksumMode;
	}

	/** The deadlines and attempts of every call to the bucket. */
	public BucketTimeouts timeouts() {
		return timeouts;
	}

	/** Files at least this large are uploaded in parts. */
	public long multipartThreshold() {
		return multipartThreshold;
	}

	/** {@code s3://bucket} plus the endpoint when one is set. */
	public String describe() {
		return "s3://" + bucket + (endpoint == null ? " (AWS, " + region + ")" : " at " + endpoint);
	}

	@Override
	public String toString() {
		return "BucketConfig[" + describe() + ", region=" + region + ", pathStyle=" + pathStyle + ", checksumMode="
				+ checksumMode + ", timeouts=" + timeouts.describe() + ", credentials="
				+ (accessKeyId == null ? "default chain" : "static (redacted)") + "]";
	}

	/** Builds a {@link BucketConfig}; {@link #build()} lists every missing or invalid setting at once. */
	public static final class Builder {

		private @Nullable String bucket;

		private @Nullable URI endpoint;

		private String region = "us-east-1";

		private @Nullable String accessKeyId;

		private @Nullable String secretAccessKey;

		private boolean pathStyle = true;

		private ChecksumMode checksumMode = ChecksumMode.WHEN_REQUIRED;

		private BucketTimeouts timeouts = BucketTimeouts.defaults();

		private long multipartThreshold = 16L * 1024 * 1024;

		private Builder() {
		}

		public Builder bucket(String bucket) {
			this.bucket = bucket;
			return this;
		}

		public Builder endpoint(@Nullable URI endpoint) {
			this.endpoint = endpoint;
			return this;
		}

		public Builder endpoint(@Nullable String endpoint) {
			this.endpoint = endpoint == null || endpoint.isBlank() ? null : URI.create(endpoint.trim());
			return this;
		}

		/** The location's endpoint, and its region when it has one (else the region stays as it is). */
		public Builder location(Endpoints.Location location) {
			this.endpoint = location.endpoint();
			if (location.region() != null) {
				this.region = location.region();
			}
			return this;
		}

		public Builder region(String region) {
			this.region = region;
			return this;
		}

		public Builder credentials(@Nullable String accessKeyId, @Nullable String secretAccessKey) {
			this.accessKeyId = accessKeyId;
			this.secretAccessKey = secretAccessKey;
			return this;
		}

		public Builder pathStyle(boolean pathStyle) {
			this.pathStyle = pathStyle;
			return this;
		}

		public Builder checksumMode(ChecksumMode checksumMode) {
			this.checksumMode = Objects.requireNonNull(checksumMode, "checksumMode");
			return this;
		}

		/** The deadlines and attempts of every call; default {@link BucketTimeouts#defaults()}. */
		public Builder timeouts(BucketTimeouts timeouts) {
			this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
			return this;
		}

		public Builder multipartThreshold(long multipartThreshold) {
			this.multipartThreshold = multipartThreshold;
			return this;
		}

		public BucketConfig build() {
			List<String> problems = new ArrayList<>();
			if (bucket == null || bucket.isBlank()) {
				problems.add("bucket name is missing (BUCKETHEAD_BUCKET__NAME / buckethead.bucket.name)");
			}
			else if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
				problems.add("bucket name '" + bucket
						+ "' is not a valid S3 bucket name (3-63 lowercase letters, digits, '.' or '-')");
			}
			if ((accessKeyId == null) != (secretAccessKey == null)
					|| (accessKeyId != null && (accessKeyId.isBlank() || secretAccessKey.isBlank()))) {
				problems.add("access key id and secret access key must be given together "
						+ "(BUCKETHEAD_BUCKET__ACCESS_KEY_ID / BUCKETHEAD_BUCKET__SECRET_ACCESS_KEY)");
			}
			if (endpoint != null && !Endpoints.isHttpUrl(endpoint)) {
				problems.add("endpoint '" + endpoint + "' " + Endpoints.ENDPOINT_RULE);
			}
			if (region == null || region.isBlank()) {
				problems.add("region is missing");
			}
			if (multipartThreshold < 5L * 1024 * 1024) {
				problems.add("multipartThreshold must be at least 5 MiB (the S3 minimum part size), got "
						+ multipartThreshold);
			}
			if (!problems.isEmpty()) {
				throw new BucketHeadConfigException(problems);
			}
			return new BucketConfig(this);
		}

	}

}
