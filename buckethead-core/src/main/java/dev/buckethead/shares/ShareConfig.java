package dev.buckethead.shares;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.buckethead.bucket.BucketConfig;
import dev.buckethead.bucket.Endpoints;
import dev.buckethead.config.BucketHeadConfigException;
import dev.buckethead.config.BucketHeadSettings;
import org.jspecify.annotations.Nullable;

/**
 * The share bucket: a bucket apart from the one the database snapshots to, holding copies of the files that are
 * shared, so that handing out a link never exposes the database's bucket. Build one with {@link #builder()}, or
 * read it from {@code BUCKETHEAD_SHARE__*} variables with {@link #fromEnvironment()}.
 * <p>
 * With a {@link #publicBaseUrl()} (the bucket is public-read, for instance an R2 bucket with a public domain),
 * links are plain URLs that work until unshared. Without one, links are presigned GETs that expire after
 * {@link #defaultLifetime()} or the lifetime asked for, at most {@link #MAX_LIFETIME}. Credentials never appear
 * in {@link #toString()}.
 */
public final class ShareConfig {

	/** The longest a presigned link can live: S3 refuses signatures valid for longer than 7 days. */
	public static final Duration MAX_LIFETIME = Duration.ofDays(7);

	/** Where copies go in the share bucket: {@code shares/<key>/<name>}. */
	public static final String OBJECT_PREFIX = "shares/";

	private final BucketConfig bucket;

	private final @Nullable String publicBaseUrl;

	private final Duration defaultLifetime;

	private ShareConfig(BucketConfig bucket, @Nullable String publicBaseUrl, Duration defaultLifetime) {
		this.bucket = bucket;
		this.publicBaseUrl = publicBaseUrl;
		this.defaultLifetime = defaultLifetime;
	}

	/**
	 * Whether a presigned link can live {@code lifetime}: at least a second (links count whole seconds) and at
	 * most {@link #MAX_LIFETIME}.
	 */
	public static boolean isValidLifetime(@Nullable Duration lifetime) {
		return lifetime != null && lifetime.compareTo(Duration.ofSeconds(1)) >= 0
				&& lifetime.compareTo(MAX_LIFETIME) <= 0;
	}

	public static Builder builder() {
		return new Builder();
	}

	/**
	 * The share bucket configured by this process's {@code BUCKETHEAD_SHARE__*} settings, from its environment or
	 * the {@code [env]} table of {@code ~/.config/buckethead/config.toml} (see
	 * {@link BucketHeadSettings#fromEnvironment()}), with the main bucket's endpoint, region, credentials and
	 * addressing for what they leave unset; empty when {@code BUCKETHEAD_SHARE__BUCKET} is not set.
	 * @throws BucketHeadConfigException listing every invalid share setting, or if the config file is invalid
	 */
	public static Optional<ShareConfig> fromEnvironment() {
		return fromSettings(BucketHeadSettings.fromEnvironment());
	}

	/**
	 * The share bucket that the {@code BUCKETHEAD_SHARE__*} settings of {@code settings} configure, defaulting to
	 * its main bucket's settings; empty when {@code BUCKETHEAD_SHARE__BUCKET} is not set.
	 * @throws BucketHeadConfigException listing every invalid share setting
	 */
	public static Optional<ShareConfig> fromSettings(BucketHeadSettings settings) {
		return fromSettings(settings.asVariables(), settings);
	}

	/**
	 * The share bucket configured by the {@code BUCKETHEAD_SHARE__*} entries of {@code variables} (names ignore
	 * case, values are trimmed, blank is unset), defaulting to {@code main}'s bucket settings; empty when
	 * {@code BUCKETHEAD_SHARE__BUCKET} is not set. See {@code docs/tracker-and-shares.md} for the variables.
	 * @throws BucketHeadConfigException listing every invalid share setting
	 */
	public static Optional<ShareConfig> fromSettings(Map<String, String> variables, BucketHeadSettings main) {
		return new ShareEnvironment(variables, main).toConfig();
	}

	public String bucket() {
		return bucket.bucket();
	}

	/** The share bucket as a {@link BucketConfig}, to build a client for it. */
	public BucketConfig bucketConfig() {
		return bucket;
	}

	/** The URL under which the public-read share bucket serves its objects, without a trailing slash; or null. */
	public @Nullable String publicBaseUrl() {
		return publicBaseUrl;
	}

	/** Whether links are public URLs rather than presigned ones. */
	public boolean isPublic() {
		return publicBaseUrl != null;
	}

	/** How long a presigned link lives when no lifetime is asked for. Default 1 hour. */
	public Duration defaultLifetime() {
		return defaultLifetime;
	}

	@Override
	public String toString() {
		return "ShareConfig[" + bucket + ", publicBaseUrl=" + publicBaseUrl + ", defaultLifetime=" + defaultLifetime
				+ "]";
	}

	/** Builds a {@link ShareConfig}; {@link #build()} lists every missing or invalid setting at once. */
	public static final class Builder {

		private final BucketConfig.Builder bucket = BucketConfig.builder();

		private @Nullable String publicBaseUrl;

		private Duration defaultLifetime = Duration.ofHours(1);

		private Builder() {
		}

		public Builder bucket(String bucket) {
			this.bucket.bucket(bucket);
			return this;
		}

		/** The S3 endpoint; null means AWS S3 itself. */
		public Builder endpoint(@Nullable URI endpoint) {
			this.bucket.endpoint(endpoint);
			return this;
		}

		public Builder region(String region) {
			this.bucket.region(region);
			return this;
		}

		/** The endpoint, and the region when the location has one. */
		public Builder location(Endpoints.Location location) {
			this.bucket.location(location);
			return this;
		}

		/** Static credentials; null for both means the AWS SDK's default chain. */
		public Builder credentials(@Nullable String accessKeyId, @Nullable String secretAccessKey) {
			this.bucket.credentials(accessKeyId, secretAccessKey);
			return this;
		}

		/** Path-style addressing, which R2, MinIO and S3Proxy want. Default true. */
		public Builder pathStyle(boolean pathStyle) {
			this.bucket.pathStyle(pathStyle);
			return this;
		}

		/**
		 * The URL the bucket serves objects under when it is public-read, such as
		 * {@code https://pub-1234.r2.dev}; links are then this URL, {@code /}, and the object key.
		 */
		public Builder publicBaseUrl(@Nullable String publicBaseUrl) {
			this.publicBaseUrl = (publicBaseUrl == null || publicBaseUrl.isBlank()) ? null
					: publicBaseUrl.trim().replaceAll("/+$", "");
			return this;
		}

		/** How long presigned links live when no lifetime is asked for; at most 7 days. Default 1 hour. */
		public Builder defaultLifetime(Duration defaultLifetime) {
			this.defaultLifetime = defaultLifetime;
			return this;
		}

		public ShareConfig build() {
			List<String> problems = new ArrayList<>();
			BucketConfig built = null;
			try {
				built = bucket.build();
			}
			catch (BucketHeadConfigException ex) {
				ex.problems().forEach((problem) -> problems.add("share " + problem));
			}
			if (publicBaseUrl != null && !Endpoints.isBaseUrl(publicBaseUrl)) {
				problems.add("share public base URL '" + publicBaseUrl + "' must be an http(s) URL such as "
						+ "https://pub-1234.r2.dev (" + ShareEnvironment.PUBLIC_BASE_URL + ")");
			}
			if (!isValidLifetime(defaultLifetime)) {
				problems.add("share default lifetime must be at least 1 second and at most 7 days, got "
						+ defaultLifetime + " (" + ShareEnvironment.DEFAULT_LIFETIME_SECONDS + ")");
			}
			if (!problems.isEmpty() || built == null) {
				throw new BucketHeadConfigException(problems);
			}
			return new ShareConfig(built, publicBaseUrl, defaultLifetime);
		}

	}

}
