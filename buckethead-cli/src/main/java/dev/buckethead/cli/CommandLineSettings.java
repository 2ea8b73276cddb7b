package dev.buckethead.cli;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import dev.buckethead.config.BucketHeadSettings;
import org.jspecify.annotations.Nullable;

/**
 * The library's settings with the command line on top. Flags become the {@code BUCKETHEAD_*} variables they
 * stand for, so they win over the environment, which wins over the config file, and every value is validated
 * (and every secret redacted) exactly as the library does it.
 */
final class CommandLineSettings {

	static final String BUCKET_NAME = "BUCKETHEAD_BUCKET__NAME";

	private static final String ENDPOINT_URL = "BUCKETHEAD_BUCKET__ENDPOINT_URL";

	private static final String CLOUDFLARE_ACCOUNT_ID = "BUCKETHEAD_CLOUDFLARE__ACCOUNT_ID";

	private CommandLineSettings() {
	}

	/**
	 * @param extra variables that win over everything else, such as the bucket a command creates
	 */
	static BucketHeadSettings resolve(GlobalOptions options, CliEnvironment environment, Map<String, String> extra,
			Output output) {
		Map<String, String> variables = new HashMap<>(environment.variables());
		put(variables, BUCKET_NAME, options.bucket);
		put(variables, ENDPOINT_URL, options.endpoint);
		put(variables, "BUCKETHEAD_BUCKET__REGION", options.region);
		put(variables, "BUCKETHEAD_BUCKET__ACCESS_KEY_ID", options.accessKeyId);
		put(variables, "BUCKETHEAD_BUCKET__SECRET_ACCESS_KEY", options.secretAccessKey);
		put(variables, CLOUDFLARE_ACCOUNT_ID, options.cloudflareAccountId);
		put(variables, "BUCKETHEAD_SNAPSHOT__KEY", options.snapshotKey);
		if (options.encryptionKeyFile != null) {
			// The file asked for here wins over a key in the environment, as any flag does.
			variables.keySet().removeIf("BUCKETHEAD_ENCRYPTION__KEY"::equalsIgnoreCase);
			put(variables, "BUCKETHEAD_ENCRYPTION__KEY_FILE", options.encryptionKeyFile.toString());
		}
		put(variables, "BUCKETHEAD_BUCKET__ATTEMPT_TIMEOUT_SECONDS", seconds(options.attemptTimeout));
		put(variables, "BUCKETHEAD_BUCKET__CALL_TIMEOUT_SECONDS", seconds(options.callTimeout));
		if (options.cloudflareAccountId != null && options.endpoint == null) {
			// An endpoint from the environment would otherwise win over the account asked for here.
			variables.keySet().removeIf(ENDPOINT_URL::equalsIgnoreCase);
		}
		variables.putAll(extra);
		if (options.secretAccessKey != null) {
			output.warn("--secret-access-key is kept in your shell history; prefer the environment variable "
					+ "BUCKETHEAD_BUCKET__SECRET_ACCESS_KEY");
		}
		BucketHeadSettings settings = BucketHeadSettings.from(variables, configFile(options, environment));
		settings.unknownKeys().forEach((key) -> output.warn("ignoring unknown setting " + key));
		return settings;
	}

	private static Path configFile(GlobalOptions options, CliEnvironment environment) {
		if (options.config == null) {
			return environment.defaultConfigFile();
		}
		if (!Files.isRegularFile(options.config)) {
			throw new CommandException("Configuration file " + options.config + " does not exist");
		}
		return options.config;
	}

	private static @Nullable String seconds(@Nullable Duration duration) {
		return (duration != null) ? BigDecimal.valueOf(duration.toMillis()).movePointLeft(3).toPlainString() : null;
	}

	private static void put(Map<String, String> variables, String name, @Nullable String value) {
		if (value != null) {
			// Drop other spellings of the same name, which the library would otherwise also read.
			variables.keySet().removeIf(name::equalsIgnoreCase);
			variables.put(name, value);
		}
	}

}
