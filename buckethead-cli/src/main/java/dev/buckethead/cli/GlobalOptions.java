package dev.buckethead.cli;

import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Options every command takes, before or after the command's name. The bucket options override the library's
 * configuration ({@code BUCKETHEAD_*} variables, then the config file), so that one can point the tool at
 * another bucket without editing either.
 */
final class GlobalOptions {

	static final String VERBOSE = "--verbose";

	@Option(names = "--bucket", paramLabel = "NAME", scope = ScopeType.INHERIT,
			description = "Bucket name (BUCKETHEAD_BUCKET__NAME).")
	@Nullable String bucket;

	@Option(names = "--endpoint", paramLabel = "URL", scope = ScopeType.INHERIT,
			description = "S3 endpoint, e.g. http://localhost:9000 (BUCKETHEAD_BUCKET__ENDPOINT_URL).")
	@Nullable String endpoint;

	@Option(names = "--region", paramLabel = "REGION", scope = ScopeType.INHERIT,
			description = "Region (BUCKETHEAD_BUCKET__REGION).")
	@Nullable String region;

	@Option(names = "--access-key-id", paramLabel = "ID", scope = ScopeType.INHERIT,
			description = "Access key id (BUCKETHEAD_BUCKET__ACCESS_KEY_ID).")
	@Nullable String accessKeyId;

	@Option(names = "--secret-access-key", paramLabel = "SECRET", scope = ScopeType.INHERIT,
			description = "Secret access key. Prefer BUCKETHEAD_BUCKET__SECRET_ACCESS_KEY: "
					+ "a flag ends up in your shell history.")
	@Nullable String secretAccessKey;

	@Option(names = "--cloudflare-account-id", paramLabel = "ID", scope = ScopeType.INHERIT,
			description = "Cloudflare account id: the bucket is on R2 (BUCKETHEAD_CLOUDFLARE__ACCOUNT_ID).")
	@Nullable String cloudflareAccountId;

	@Option(names = "--snapshot-key", paramLabel = "KEY", scope = ScopeType.INHERIT,
			description = "Snapshot key (BUCKETHEAD_SNAPSHOT__KEY, default buckethead.db).")
	@Nullable String snapshotKey;

	@Option(names = "--encryption-key-file", paramLabel = "FILE", scope = ScopeType.INHERIT,
			description = "File holding the base64 encryption key of an encrypted bucket "
					+ "(BUCKETHEAD_ENCRYPTION__KEY_FILE; or the key itself in BUCKETHEAD_ENCRYPTION__KEY).")
	@Nullable Path encryptionKeyFile;

	@Option(names = "--attempt-timeout", paramLabel = "DURATION", scope = ScopeType.INHERIT,
			converter = DurationConverter.class,
			description = "Deadline of one attempt of a bucket request, e.g. 5s "
					+ "(BUCKETHEAD_BUCKET__ATTEMPT_TIMEOUT_SECONDS, default 5s).")
	@Nullable Duration attemptTimeout;

	@Option(names = "--call-timeout", paramLabel = "DURATION", scope = ScopeType.INHERIT,
			converter = DurationConverter.class,
			description = "Deadline of a bucket request with all its retries, e.g. 15s "
					+ "(BUCKETHEAD_BUCKET__CALL_TIMEOUT_SECONDS, default 15s).")
	@Nullable Duration callTimeout;

	@Option(names = "--local-directory", paramLabel = "DIR", scope = ScopeType.INHERIT,
			description = "Use the local-directory bucket in DIR instead of S3.")
	@Nullable Path localDirectory;

	@Option(names = "--config", paramLabel = "FILE", scope = ScopeType.INHERIT,
			description = "Configuration file instead of ~/.config/buckethead/config.toml.")
	@Nullable Path config;

	@Option(names = "--json", scope = ScopeType.INHERIT, description = "Print results as JSON.")
	boolean json;

	@Option(names = VERBOSE, scope = ScopeType.INHERIT,
			description = "Print stack traces of errors and BucketHead's debug log (never secrets).")
	boolean verbose;

}
