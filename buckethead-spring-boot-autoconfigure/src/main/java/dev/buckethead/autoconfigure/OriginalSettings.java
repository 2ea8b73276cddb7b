package dev.buckethead.autoconfigure;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;

import dev.buckethead.config.BucketHeadSettings;

import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginTrackedValue;
import org.springframework.boot.origin.SystemEnvironmentOrigin;
import org.springframework.boot.origin.TextResourceOrigin;
import org.springframework.core.io.FileSystemResource;

/**
 * The original library's settings from one source ({@code BUCKETHEAD_BUCKET__NAME}-style variables, or the
 * {@code [env]} table of {@code config.toml}) as {@code buckethead.*} Spring properties, each value tracking where
 * it came from so that a binding failure names the variable or file to fix.
 * <p>
 * Parsing is core's {@link BucketHeadSettings}, which implements the original's rules (names ignore case, values
 * are trimmed, blank counts as unset); only the mapping to Spring names is here.
 *
 * @param properties Spring property name to value (an {@link OriginTrackedValue})
 * @param unknownVariables {@code BUCKETHEAD_*} names with the original's {@code __} nesting that match no setting
 */
record OriginalSettings(Map<String, Object> properties, Set<String> unknownVariables) {

	private static final String PREFIX = "BUCKETHEAD_";

	/** The original's names that differ from the Spring property's; the rest map one to one. */
	private static final Map<String, String> RENAMED = Map.ofEntries(
			Map.entry("bucket.endpoint_url", "buckethead.bucket.endpoint"),
			Map.entry("cloudflare.account_id", "buckethead.bucket.cloudflare-account-id"),
			Map.entry("snapshot.interval_seconds", "buckethead.snapshot.interval"),
			Map.entry("share.endpoint_url", "buckethead.shares.endpoint"),
			Map.entry("share.default_lifetime_seconds", "buckethead.shares.default-lifetime"),
			Map.entry("bucket.connect_timeout_seconds", "buckethead.bucket.connect-timeout"),
			Map.entry("bucket.read_timeout_seconds", "buckethead.bucket.read-timeout"),
			Map.entry("bucket.attempt_timeout_seconds", "buckethead.bucket.attempt-timeout"),
			Map.entry("bucket.call_timeout_seconds", "buckethead.bucket.call-timeout"));

	/** The original's settings in seconds (fractions allowed), bound to a Spring {@code Duration}. */
	private static final Set<String> SECONDS = Set.of("snapshot.interval_seconds", "share.default_lifetime_seconds",
			"bucket.connect_timeout_seconds", "bucket.read_timeout_seconds", "bucket.attempt_timeout_seconds",
			"bucket.call_timeout_seconds");

	/** The {@code BUCKETHEAD_*} variables of {@code env}. */
	static OriginalSettings fromEnvironment(Map<String, String> env) {
		Map<String, String> variables = byUpperCaseName(env);
		return of(BucketHeadSettings.from(env, null), (name) -> true, (name) -> new SystemEnvironmentOrigin(
				variables.getOrDefault(variableName(name), variableName(name))));
	}

	/**
	 * The {@code [env]} table of {@code configToml} (which need not exist), without the settings whose variable
	 * is present in {@code env}: as in the original library, a variable, even a blank one, hides the file's value.
	 */
	static OriginalSettings fromConfigFile(Path configToml, Map<String, String> env) {
		Map<String, String> variables = byUpperCaseName(env);
		return of(BucketHeadSettings.from(Map.of(), configToml),
				(name) -> !variables.containsKey(variableName(name)),
				(name) -> fileOrigin(configToml, variableName(name)));
	}

	private static OriginalSettings of(BucketHeadSettings settings, Predicate<String> include,
			Function<String, Origin> origins) {
		Map<String, Object> properties = new LinkedHashMap<>();
		settings.asProperties().forEach((name, value) -> {
			if (include.test(name)) {
				properties.put(springName(name), OriginTrackedValue.of(springValue(name, value), origins.apply(name)));
			}
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

	/**
	 * {@code bucket.access_key_id} becomes {@code buckethead.bucket.access-key-id}; the share bucket's
	 * {@code share.*} settings become {@code buckethead.shares.*}.
	 */
	static String springName(String originalName) {
		String renamed = RENAMED.get(originalName);
		if (renamed != null) {
			return renamed;
		}
		String name = originalName.startsWith("share.") ? "shares." + originalName.substring("share.".length())
				: originalName;
		return "buckethead." + name.replace('_', '-');
	}

	/** Fractional seconds become milliseconds, which Spring's duration format accepts. */
	private static String springValue(String originalName, String value) {
		if (!SECONDS.contains(originalName)) {
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

	/** {@code bucket.name} is set by {@code BUCKETHEAD_BUCKET__NAME}. */
	private static String variableName(String originalName) {
		return PREFIX + originalName.toUpperCase(Locale.ROOT).replace(".", "__");
	}

	private static Map<String, String> byUpperCaseName(Map<String, String> env) {
		Map<String, String> names = new LinkedHashMap<>();
		env.keySet().forEach((name) -> names.putIfAbsent(name.toUpperCase(Locale.ROOT), name));
		return names;
	}

	private static Origin fileOrigin(Path configToml, String variable) {
		return new TextResourceOrigin(new FileSystemResource(configToml), null) {

			@Override
			public String toString() {
				return variable + " in the [env] table of " + configToml;
			}

		};
	}

}
