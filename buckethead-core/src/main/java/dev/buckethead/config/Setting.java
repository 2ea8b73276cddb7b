package dev.buckethead.config;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The settings {@link BucketHeadSettings} knows, each with its nested name ({@code bucket.name}) and the
 * environment variable that sets it ({@code BUCKETHEAD_BUCKET__NAME}: prefix, upper case, {@code __} between
 * levels), as in the original library.
 */
enum Setting {

	BUCKET_NAME("bucket.name"),

	BUCKET_ACCESS_KEY_ID("bucket.access_key_id", true),

	BUCKET_SECRET_ACCESS_KEY("bucket.secret_access_key", true),

	BUCKET_ENDPOINT_URL("bucket.endpoint_url"),

	BUCKET_REGION("bucket.region"),

	BUCKET_PATH_STYLE("bucket.path_style"),

	BUCKET_CHECKSUM_MODE("bucket.checksum_mode"),

	BUCKET_CONNECT_TIMEOUT_SECONDS("bucket.connect_timeout_seconds"),

	BUCKET_READ_TIMEOUT_SECONDS("bucket.read_timeout_seconds"),

	BUCKET_ATTEMPT_TIMEOUT_SECONDS("bucket.attempt_timeout_seconds"),

	BUCKET_CALL_TIMEOUT_SECONDS("bucket.call_timeout_seconds"),

	BUCKET_MAX_ATTEMPTS("bucket.max_attempts"),

	CLOUDFLARE_ACCOUNT_ID("cloudflare.account_id"),

	SNAPSHOT_KEY("snapshot.key"),

	SNAPSHOT_BRANCH("snapshot.branch"),

	SNAPSHOT_INTERVAL_SECONDS("snapshot.interval_seconds"),

	SNAPSHOT_KEEP_GENERATIONS("snapshot.keep_generations"),

	SNAPSHOT_ON_MISSING_HEAD("snapshot.on_missing_head"),

	DATABASE_STORAGE("database.storage"),

	DATABASE_DIRECTORY("database.directory"),

	DATABASE_KEEP_SET_ASIDE_FILES("database.keep_set_aside_files"),

	ENCRYPTION_KEY("encryption.key", true),

	ENCRYPTION_KEY_FILE("encryption.key_file"),

	ENCRYPTION_OLD_KEYS("encryption.old_keys", true),

	SHARE_BUCKET("share.bucket"),

	SHARE_PUBLIC_BASE_URL("share.public_base_url"),

	SHARE_ENDPOINT_URL("share.endpoint_url"),

	SHARE_REGION("share.region"),

	SHARE_ACCESS_KEY_ID("share.access_key_id", true),

	SHARE_SECRET_ACCESS_KEY("share.secret_access_key", true),

	SHARE_PATH_STYLE("share.path_style"),

	SHARE_DEFAULT_LIFETIME_SECONDS("share.default_lifetime_seconds");

	static final String ENV_PREFIX = "BUCKETHEAD_";

	private static final Map<String, Setting> BY_ENV_VAR = new HashMap<>();

	static {
		for (Setting setting : values()) {
			BY_ENV_VAR.put(setting.envVar, setting);
		}
	}

	private final String property;

	private final String envVar;

	private final boolean secret;

	Setting(String property) {
		this(property, false);
	}

	Setting(String property, boolean secret) {
		this.property = property;
		this.envVar = ENV_PREFIX + property.toUpperCase(Locale.ROOT).replace(".", "__");
		this.secret = secret;
	}

	/** The nested name, such as {@code bucket.name}. */
	String property() {
		return property;
	}

	/** The environment variable, such as {@code BUCKETHEAD_BUCKET__NAME}. */
	String envVar() {
		return envVar;
	}

	/** Whether the value must never be shown. */
	boolean secret() {
		return secret;
	}

	/**
	 * Whether it says where or how to reach the bucket, as opposed to how to snapshot or store. The share
	 * bucket's settings ({@code share.*}) do not: they describe another bucket.
	 */
	boolean describesBucket() {
		return property.startsWith("bucket.") || property.startsWith("cloudflare.");
	}

	/** Whether {@code name} is in BucketHead's namespace, ignoring case like the original library. */
	static boolean isBucketHeadVariable(String name) {
		return name.regionMatches(true, 0, ENV_PREFIX, 0, ENV_PREFIX.length());
	}

	/** The setting an environment variable sets, ignoring case, or null if it is not one BucketHead knows. */
	static @Nullable Setting forEnvVar(String name) {
		return BY_ENV_VAR.get(name.toUpperCase(Locale.ROOT));
	}

}
