package dev.buckethead.autoconfigure;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.buckethead.config.BucketHeadSettings;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginTrackedValue;
import org.springframework.boot.origin.SystemEnvironmentOrigin;
import org.springframework.boot.origin.TextResourceOrigin;
import org.springframework.core.io.FileSystemResource;

/**
 * The original library's settings ({@code BUCKETHEAD_BUCKET__NAME}-style variables, over the {@code [env]} table
 * of {@code config.toml}) as {@code buckethead.*} Spring properties, each value tracking where it came from so
 * that a binding failure names the variable or file to fix.
 *
 * @param properties Spring property name to value (an {@link OriginTrackedValue}), in no particular order
 * @param unknownVariables {@code BUCKETHEAD_*} names with the original's {@code __} nesting that match no setting
 */
record OriginalSettings(Map<String, Object> properties, Set<String> unknownVariables) {

	private static final String PREFIX = "BUCKETHEAD_";

	/** The original's names that differ from the Spring property's; the rest map one to one. */
	private static final Map<String, String> RENAMED = Map.of("bucket.endpoint_url", "buckethead.bucket.endpoint",
			"cloudflare.account_id", "buckethead.bucket.cloudflare-account-id", "snapshot.interval_seconds",
			"buckethead.snapshot.interval");

	/**
	 * Reads the settings with core's {@link BucketHeadSettings}, which implements the original's rules (live
	 * variables win over the file, names ignore case, blank values count as unset).
	 * @param env the process environment
	 * @param configToml the original's configuration file; it need not exist
	 */
	static OriginalSettings read(Map<String, String> env, Path configToml) {
		BucketHeadSettings settings = BucketHeadSettings.from(env, configToml);
		Map<String, Object> properties = new LinkedHashMap<>();
		settings.asProperties().forEach((name, value) -> {
			Origin origin = origin(name, env, configToml);
			properties.put(springName(name), OriginTrackedValue.of(springValue(name, value), origin));
		});
		Set<String> unknown = new TreeSet<>();
		for (String variable : settings.unknownKeys()) {
			// A single-underscore name such as BUCKETHEAD_BUCKET_NAME is Spring's own form, bound by Spring.
			if (variable.contains("__")) {
				unknown.add(variable);
			}
		}
		return new OriginalSettings(properties, unknown);
	}

	/** {@code bucket.access_key_id} becomes {@code buckethead.bucket.access-key-id}. */
	static String springName(String originalName) {
		String renamed = RENAMED.get(originalName);
		return (renamed != null) ? renamed : "buckethead." + originalName.replace('_', '-');
	}

	/** Fractional seconds become milliseconds, which Spring's duration format accepts. */
	private static String springValue(String originalName, String value) {
		if (!"snapshot.interval_seconds".equals(originalName)) {
			return value;
		}
		try {
			return new BigDecimal(value).movePointRight(3).toBigInteger() + "ms";
		}
		catch (NumberFormatException ex) {
			// Left as it is: the binding failure then names the variable and its bad value.
			return value;
		}
	}

	private static Origin origin(String originalName, Map<String, String> env, Path configToml) {
		String variable = PREFIX + originalName.toUpperCase(Locale.ROOT).replace(".", "__");
		String actual = findIgnoringCase(env, variable);
		if (actual != null) {
			return new SystemEnvironmentOrigin(actual);
		}
		return new TextResourceOrigin(new FileSystemResource(configToml), null) {

			@Override
			public String toString() {
				return variable + " in the [env] table of " + configToml;
			}

		};
	}

	private static @Nullable String findIgnoringCase(Map<String, String> env, String variable) {
		for (Map.Entry<String, String> entry : env.entrySet()) {
			if (entry.getKey().equalsIgnoreCase(variable) && !entry.getValue().isBlank()) {
				return entry.getKey();
			}
		}
		return null;
	}

}
