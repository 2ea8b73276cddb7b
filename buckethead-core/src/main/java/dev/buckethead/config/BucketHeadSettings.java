package dev.buckethead.config;

import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.buckethead.bucket.BucketConfig;
import dev.buckethead.bucket.BucketTimeouts;
import dev.buckethead.bucket.Endpoints;
import dev.buckethead.bucket.ChecksumMode;
import dev.buckethead.encryption.EncryptionKey;
import dev.buckethead.encryption.KeyRing;
import dev.buckethead.live.LiveStorage;
import dev.buckethead.snapshot.OnMissingHead;
import org.jspecify.annotations.Nullable;

/**
 * BucketHead's settings from the environment, for twelve-factor deployments: {@code BUCKETHEAD_*} variables with
 * {@code __} between nesting levels ({@code BUCKETHEAD_BUCKET__NAME} sets {@code bucket.name}), plus the
 * {@code [env]} table of {@code ~/.config/buckethead/config.toml}, whose keys are the same variable names. As in
 * the original library, a variable in the live environment wins over the file, names are matched ignoring case,
 * and values are trimmed; a blank value counts as unset, so exporting an empty variable hides the file's value.
 * <p>
 * Reading never fails on a bad value: each typed accessor validates its own setting and throws a
 * {@link BucketHeadConfigException} naming the variable, and {@link #toBucketConfig()} reports every problem with
 * the bucket settings at once. The share bucket's {@code BUCKETHEAD_SHARE__*} settings are known here too (so they
 * may be in the file) and read by {@code ShareConfig.fromSettings(BucketHeadSettings)}. Variables with the prefix
 * that BucketHead does not know are ignored but listed by
 * {@link #unknownKeys()}, to help spot typos such as {@code BUCKETHEAD_BUCKET_NAME}.
 */
public final class BucketHeadSettings {

	private static final String REDACTED = "<redacted>";

	private final Map<Setting, String> values;

	private final Set<String> unknownKeys;

	private BucketHeadSettings(Map<Setting, String> values, Set<String> unknownKeys) {
		this.values = values;
		this.unknownKeys = unknownKeys;
	}

	/** The settings of this process: its environment and {@link #defaultConfigFile()}. */
	public static BucketHeadSettings fromEnvironment() {
		return from(System.getenv(), defaultConfigFile());
	}

	/**
	 * The settings in {@code env} over those in the {@code [env]} table of {@code configToml}.
	 * @param env environment variables; only those starting with {@code BUCKETHEAD_} are read
	 * @param configToml the TOML file to merge under {@code env}; null, or a file that does not exist, adds nothing
	 * @throws BucketHeadConfigException if the file exists but cannot be read or is not valid TOML
	 */
	public static BucketHeadSettings from(Map<String, String> env, @Nullable Path configToml) {
		Map<Setting, String> values = new EnumMap<>(Setting.class);
		Set<String> unknownKeys = new TreeSet<>();
		if (configToml != null) {
			values.putAll(read(EnvTable.read(configToml), unknownKeys));
		}
		values.putAll(read(env, unknownKeys));
		values.values().removeIf(String::isEmpty);
		return new BucketHeadSettings(values, Collections.unmodifiableSet(unknownKeys));
	}

	/** {@code ${user.home}/.config/buckethead/config.toml}, where the original library and its CLI keep it. */
	public static Path defaultConfigFile() {
		return Path.of(System.getProperty("user.home"), ".config", "buckethead", "config.toml");
	}

	/** The known settings in one source, values trimmed. Sorted, so an upper-case name beats another spelling. */
	private static Map<Setting, String> read(Map<String, String> source, Set<String> unknownKeys) {
		Map<Setting, String> values = new EnumMap<>(Setting.class);
		for (Map.Entry<String, String> variable : new TreeMap<>(source).entrySet()) {
			String name = variable.getKey();
			if (Setting.isBucketHeadVariable(name)) {
				Setting setting = Setting.forEnvVar(name);
				if (setting != null) {
					values.putIfAbsent(setting, variable.getValue().trim());
				}
				else {
					unknownKeys.add(name);
				}
			}
		}
		return values;
	}

	/** Whether any bucket setting is present, so that a caller can fall back to a local-directory bucket if not. */
	public boolean hasBucket() {
		return values.keySet().stream().anyMatch(Setting::describesBucket);
	}

	/**
	 * The bucket these settings describe. {@code bucket.endpoint_url} wins; failing that,
	 * {@code cloudflare.account_id} gives the account's R2 endpoint with region {@code auto}; with neither, the
	 * bucket is on AWS S3.
	 * @throws BucketHeadConfigException listing every missing or invalid bucket setting and the variable to fix
	 */
	public BucketConfig toBucketConfig() {
		List<String> problems = new ArrayList<>();
		BucketConfig.Builder builder = BucketConfig.builder()
			.bucket(bucketName().orElse(""))
			.credentials(accessKeyId().orElse(null), secretAccessKey().orElse(null));
		URI endpoint = collect(problems, this::endpointUrl).orElse(null);
		String region = region().orElse(null);
		builder.location(collect(problems, () -> typed(Setting.CLOUDFLARE_ACCOUNT_ID,
				(account) -> Endpoints.resolve(endpoint, account, region)))
			.orElseGet(() -> new Endpoints.Location(endpoint, region)));
		collect(problems, this::pathStyle).ifPresent(builder::pathStyle);
		collect(problems, this::checksumMode).ifPresent(builder::checksumMode);
		collect(problems, () -> Optional.of(bucketTimeouts())).ifPresent(builder::timeouts);
		try {
			BucketConfig config = builder.build();
			if (problems.isEmpty()) {
				return config;
			}
		}
		catch (BucketHeadConfigException ex) {
			problems.addAll(ex.problems());
		}
		throw new BucketHeadConfigException(problems);
	}

	public Optional<String> bucketName() {
		return text(Setting.BUCKET_NAME);
	}

	public Optional<String> accessKeyId() {
		return text(Setting.BUCKET_ACCESS_KEY_ID);
	}

	public Optional<String> secretAccessKey() {
		return text(Setting.BUCKET_SECRET_ACCESS_KEY);
	}

	/** {@code bucket.endpoint_url}, such as {@code http://localhost:9000} for MinIO. */
	public Optional<URI> endpointUrl() {
		return typed(Setting.BUCKET_ENDPOINT_URL, URI::create);
	}

	public Optional<String> region() {
		return text(Setting.BUCKET_REGION);
	}

	/** {@code bucket.path_style}: {@code true}/{@code false} (also {@code yes}/{@code no}, {@code on}/{@code off}, {@code 1}/{@code 0}). */
	public Optional<Boolean> pathStyle() {
		return typed(Setting.BUCKET_PATH_STYLE, BucketHeadSettings::parseBoolean);
	}

	/** {@code bucket.checksum_mode}: {@code when_required} or {@code when_supported}. */
	public Optional<ChecksumMode> checksumMode() {
		return typed(Setting.BUCKET_CHECKSUM_MODE, (value) -> parseEnum(ChecksumMode.class, value));
	}

	/**
	 * The deadlines of bucket calls: {@code bucket.connect_timeout_seconds}, {@code bucket.read_timeout_seconds},
	 * {@code bucket.attempt_timeout_seconds}, {@code bucket.call_timeout_seconds} (positive numbers of seconds,
	 * fractions allowed) and {@code bucket.max_attempts}, each defaulting to {@link BucketTimeouts#defaults()}'s.
	 * @throws BucketHeadConfigException naming every invalid value
	 */
	public BucketTimeouts bucketTimeouts() {
		List<String> problems = new ArrayList<>();
		BucketTimeouts defaults = BucketTimeouts.defaults();
		Duration connect = seconds(problems, Setting.BUCKET_CONNECT_TIMEOUT_SECONDS, defaults.connectTimeout());
		Duration read = seconds(problems, Setting.BUCKET_READ_TIMEOUT_SECONDS, defaults.readTimeout());
		Duration attempt = seconds(problems, Setting.BUCKET_ATTEMPT_TIMEOUT_SECONDS, defaults.attemptTimeout());
		Duration call = seconds(problems, Setting.BUCKET_CALL_TIMEOUT_SECONDS, defaults.callTimeout());
		int attempts = collect(problems, () -> typed(Setting.BUCKET_MAX_ATTEMPTS, BucketHeadSettings::parseCount))
			.orElse(defaults.maxAttempts());
		if (problems.isEmpty()) {
			try {
				return new BucketTimeouts(connect, read, attempt, call, attempts);
			}
			catch (BucketHeadConfigException ex) {
				problems.addAll(ex.problems());
			}
		}
		throw new BucketHeadConfigException(problems);
	}

	private Duration seconds(List<String> problems, Setting setting, Duration fallback) {
		return collect(problems, () -> typed(setting, BucketHeadSettings::parseSeconds)).orElse(fallback);
	}

	public Optional<String> cloudflareAccountId() {
		return text(Setting.CLOUDFLARE_ACCOUNT_ID);
	}

	/** {@code snapshot.key}: the object key of the snapshot in the bucket. */
	public Optional<String> snapshotKey() {
		return typed(Setting.SNAPSHOT_KEY, (value) -> checked(EngineSettings.Name.SNAPSHOT_KEY, value));
	}

	public Optional<String> snapshotBranch() {
		return typed(Setting.SNAPSHOT_BRANCH, (value) -> checked(EngineSettings.Name.BRANCH, value));
	}

	/** {@code snapshot.interval_seconds}, a positive number of seconds (fractions allowed). */
	public Optional<Duration> snapshotInterval() {
		return typed(Setting.SNAPSHOT_INTERVAL_SECONDS, BucketHeadSettings::parseSeconds);
	}

	/** {@code snapshot.keep_generations}, a whole number, at least 1. */
	public Optional<Integer> snapshotKeepGenerations() {
		return typed(Setting.SNAPSHOT_KEEP_GENERATIONS,
				(value) -> checked(EngineSettings.Name.KEEP_GENERATIONS, parseCount(value)));
	}

	/** {@code snapshot.on_missing_head}: {@code fail} or {@code recover_newest} ({@code recover-newest}). */
	public Optional<OnMissingHead> snapshotOnMissingHead() {
		return typed(Setting.SNAPSHOT_ON_MISSING_HEAD, (value) -> parseEnum(OnMissingHead.class, value));
	}

	/** {@code database.keep_set_aside_files}: a whole number, at least 1. */
	public Optional<Integer> databaseKeepSetAsideFiles() {
		return typed(Setting.DATABASE_KEEP_SET_ASIDE_FILES,
				(value) -> checked(EngineSettings.Name.KEEP_SET_ASIDE_FILES, parseCount(value)));
	}

	/** {@code database.storage}: {@code file} or {@code memory}. */
	public Optional<LiveStorage> databaseStorage() {
		return typed(Setting.DATABASE_STORAGE, (value) -> parseEnum(LiveStorage.class, value));
	}

	public Optional<Path> databaseDirectory() {
		return typed(Setting.DATABASE_DIRECTORY, Path::of);
	}

	/**
	 * The encryption keys, when a key is set: {@code BUCKETHEAD_ENCRYPTION__KEY} (base64 of 32 bytes) or
	 * {@code BUCKETHEAD_ENCRYPTION__KEY_FILE} (a file holding it), the primary key; and
	 * {@code BUCKETHEAD_ENCRYPTION__OLD_KEYS}, comma-separated base64 keys a rotation left readable.
	 */
	public Optional<KeyRing> encryptionKeys() {
		if (values.containsKey(Setting.ENCRYPTION_KEY) && values.containsKey(Setting.ENCRYPTION_KEY_FILE)) {
			throw new BucketHeadConfigException(List.of(Setting.ENCRYPTION_KEY.envVar() + " and "
					+ Setting.ENCRYPTION_KEY_FILE.envVar() + " are both set: set one of them"));
		}
		Optional<EncryptionKey> primary = typed(Setting.ENCRYPTION_KEY, EncryptionKey::fromBase64)
			.or(() -> typed(Setting.ENCRYPTION_KEY_FILE, (file) -> EncryptionKey.fromFile(Path.of(file))));
		List<EncryptionKey> old = typed(Setting.ENCRYPTION_OLD_KEYS, (list) -> java.util.Arrays.stream(list.split(","))
			.map(String::strip)
			.filter((key) -> !key.isEmpty())
			.map(EncryptionKey::fromBase64)
			.toList()).orElse(List.of());
		if (primary.isEmpty() && !old.isEmpty()) {
			throw new BucketHeadConfigException(List.of(Setting.ENCRYPTION_OLD_KEYS.envVar() + " is set without "
					+ Setting.ENCRYPTION_KEY.envVar() + ": old keys only decrypt; set the primary key too"));
		}
		return primary.map((key) -> KeyRing.of(key, old));
	}

	/**
	 * Every setting present, by nested name ({@code bucket.name}), unvalidated and including secrets: the form
	 * that Spring's binder takes under a {@code buckethead.} prefix.
	 */
	public Map<String, String> asProperties() {
		Map<String, String> properties = new TreeMap<>();
		values.forEach((setting, value) -> properties.put(setting.property(), value));
		return Collections.unmodifiableMap(properties);
	}

	/**
	 * Every setting present, by variable name ({@code BUCKETHEAD_BUCKET__NAME}), unvalidated and including
	 * secrets: the environment and the config file merged, as readers of the variables (such as
	 * {@code ShareConfig.fromSettings}) take them.
	 */
	public Map<String, String> asVariables() {
		Map<String, String> variables = new TreeMap<>();
		values.forEach((setting, value) -> variables.put(setting.envVar(), value));
		return Collections.unmodifiableMap(variables);
	}

	/** Every variable name BucketHead knows ({@code BUCKETHEAD_BUCKET__NAME}, ...), for {@link NearestKey}. */
	public static List<String> knownVariables() {
		return Arrays.stream(Setting.values()).map(Setting::envVar).toList();
	}

	/** The {@code BUCKETHEAD_*} names, from either source, that match no setting; sorted. */
	public Set<String> unknownKeys() {
		return unknownKeys;
	}

	/** The settings present, with credentials redacted. */
	@Override
	public String toString() {
		StringJoiner joiner = new StringJoiner(", ", "BucketHeadSettings[", "]");
		values.forEach((setting, value) -> joiner.add(setting.property() + "=" + (setting.secret() ? REDACTED : value)));
		return joiner.toString();
	}

	private Optional<String> text(Setting setting) {
		return Optional.ofNullable(values.get(setting));
	}

	/**
	 * Converts a setting with {@code parser}, which throws {@link IllegalArgumentException} or
	 * {@link BucketHeadConfigException} to say what is wrong with the value.
	 */
	private <T> Optional<T> typed(Setting setting, Function<String, T> parser) {
		String value = values.get(setting);
		if (value == null) {
			return Optional.empty();
		}
		try {
			return Optional.of(parser.apply(value));
		}
		catch (IllegalArgumentException ex) {
			throw invalid(setting, value, ex.getMessage());
		}
		catch (BucketHeadConfigException ex) {
			throw invalid(setting, value, String.join("; ", ex.problems()));
		}
	}

	private static BucketHeadConfigException invalid(Setting setting, String value, @Nullable String reason) {
		String shown = setting.secret() ? REDACTED : "'" + value + "'";
		return new BucketHeadConfigException(
				List.of(setting.envVar() + " (" + setting.property() + ") is invalid, got " + shown + ": " + reason));
	}

	/** Runs a typed accessor, recording its problem instead of throwing so that all can be reported together. */
	private static <T> Optional<T> collect(List<String> problems, Supplier<Optional<T>> accessor) {
		try {
			return accessor.get();
		}
		catch (BucketHeadConfigException ex) {
			problems.addAll(ex.problems());
			return Optional.empty();
		}
	}

	private static boolean parseBoolean(String value) {
		return switch (value.toLowerCase(Locale.ROOT)) {
			case "true", "yes", "on", "1" -> true;
			case "false", "no", "off", "0" -> false;
			default -> throw new IllegalArgumentException("expected true or false");
		};
	}

	private static <E extends Enum<E>> E parseEnum(Class<E> type, String value) {
		for (E constant : type.getEnumConstants()) {
			if (constant.name().equalsIgnoreCase(value.replace('-', '_'))) {
				return constant;
			}
		}
		StringJoiner expected = new StringJoiner(" or ", "expected ", "");
		for (E constant : type.getEnumConstants()) {
			expected.add(constant.name().toLowerCase(Locale.ROOT));
		}
		throw new IllegalArgumentException(expected.toString());
	}

	/** {@code value}, if it keeps the engine's rule for {@code name} (stated once, in {@link EngineSettings}). */
	private static <T> T checked(EngineSettings.Name name, T value) {
		String violation = EngineSettings.violation(name, value);
		if (violation != null) {
			throw new IllegalArgumentException(violation);
		}
		return value;
	}

	private static Duration parseSeconds(String value) {
		try {
			BigDecimal seconds = new BigDecimal(value);
			if (seconds.signum() > 0) {
				return Duration.ofNanos(seconds.movePointRight(9).longValueExact());
			}
		}
		catch (NumberFormatException | ArithmeticException ex) {
			// Not a number, too many seconds, or finer than a nanosecond: reported below.
		}
		throw new IllegalArgumentException("expected a positive number of seconds");
	}

	private static int parseCount(String value) {
		try {
			int count = Integer.parseInt(value);
			if (count >= 0) {
				return count;
			}
		}
		catch (NumberFormatException ex) {
			// Reported below.
		}
		throw new IllegalArgumentException("expected a whole number, zero or more");
	}

}
