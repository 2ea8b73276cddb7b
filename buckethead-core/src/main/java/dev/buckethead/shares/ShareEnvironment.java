package dev.buckethead.shares;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.buckethead.bucket.BucketConfig;
import dev.buckethead.bucket.Endpoints;
import dev.buckethead.config.BucketHeadConfigException;
import dev.buckethead.config.BucketHeadSettings;
import org.jspecify.annotations.Nullable;

/**
 * Reads a {@link ShareConfig} from {@code BUCKETHEAD_SHARE__*} variables, in the original library's style
 * (prefix, {@code __} between levels, names matched ignoring case, values trimmed, blank is unset). What the share
 * variables leave unset comes from the main bucket's settings, so a share bucket on the same account needs only
 * its name.
 */
final class ShareEnvironment {

	static final String BUCKET = "BUCKETHEAD_SHARE__BUCKET";

	static final String PUBLIC_BASE_URL = "BUCKETHEAD_SHARE__PUBLIC_BASE_URL";

	static final String ENDPOINT_URL = "BUCKETHEAD_SHARE__ENDPOINT_URL";

	static final String REGION = "BUCKETHEAD_SHARE__REGION";

	static final String ACCESS_KEY_ID = "BUCKETHEAD_SHARE__ACCESS_KEY_ID";

	static final String SECRET_ACCESS_KEY = "BUCKETHEAD_SHARE__SECRET_ACCESS_KEY";

	static final String PATH_STYLE = "BUCKETHEAD_SHARE__PATH_STYLE";

	static final String DEFAULT_LIFETIME_SECONDS = "BUCKETHEAD_SHARE__DEFAULT_LIFETIME_SECONDS";

	private final Map<String, String> values = new HashMap<>();

	private final BucketHeadSettings main;

	private final List<String> problems = new ArrayList<>();

	ShareEnvironment(Map<String, String> variables, BucketHeadSettings main) {
		variables.forEach((name, value) -> {
			if (name.toUpperCase(Locale.ROOT).startsWith("BUCKETHEAD_SHARE__") && value != null && !value.isBlank()) {
				values.put(name.toUpperCase(Locale.ROOT), value.trim());
			}
		});
		this.main = main;
	}

	Optional<ShareConfig> toConfig() {
		String bucket = values.get(BUCKET);
		if (bucket == null) {
			return Optional.empty();
		}
		BucketConfig mainBucket = needsMainBucket() ? mainBucket() : null;
		ShareConfig.Builder builder = ShareConfig.builder().bucket(bucket).publicBaseUrl(values.get(PUBLIC_BASE_URL));
		Endpoints.Location own = new Endpoints.Location(parse(ENDPOINT_URL, URI::create), values.get(REGION));
		builder.location((mainBucket != null) ? own.orElse(mainBucket.location()) : own);
		if (values.containsKey(ACCESS_KEY_ID) || values.containsKey(SECRET_ACCESS_KEY)) {
			builder.credentials(values.get(ACCESS_KEY_ID), values.get(SECRET_ACCESS_KEY));
		}
		else if (mainBucket != null) {
			builder.credentials(mainBucket.accessKeyId(), mainBucket.secretAccessKey());
		}
		Boolean pathStyle = parse(PATH_STYLE, ShareEnvironment::parseBoolean);
		builder.pathStyle((pathStyle != null) ? pathStyle : (mainBucket == null || mainBucket.pathStyle()));
		Duration lifetime = parse(DEFAULT_LIFETIME_SECONDS, ShareEnvironment::parseSeconds);
		if (lifetime != null) {
			builder.defaultLifetime(lifetime);
		}
		try {
			ShareConfig config = builder.build();
			if (problems.isEmpty()) {
				return Optional.of(config);
			}
		}
		catch (BucketHeadConfigException ex) {
			problems.addAll(ex.problems());
		}
		throw new BucketHeadConfigException(problems);
	}

	private boolean needsMainBucket() {
		return !(values.containsKey(ENDPOINT_URL) && values.containsKey(REGION) && values.containsKey(ACCESS_KEY_ID)
				&& values.containsKey(PATH_STYLE)) && main.hasBucket();
	}

	private @Nullable BucketConfig mainBucket() {
		try {
			return main.toBucketConfig();
		}
		catch (BucketHeadConfigException ex) {
			ex.problems().forEach((problem) -> problems.add("the share bucket takes what " + BUCKET
					+ "'s siblings leave unset from the main bucket, whose settings are invalid: " + problem));
			return null;
		}
	}

	private <T> @Nullable T parse(String name, java.util.function.Function<String, T> parser) {
		String value = values.get(name);
		if (value == null) {
			return null;
		}
		try {
			return parser.apply(value);
		}
		catch (IllegalArgumentException ex) {
			// Only non-secret settings are parsed, so the value can be shown.
			problems.add(name + " is invalid, got '" + value + "': " + ex.getMessage());
			return null;
		}
	}

	private static boolean parseBoolean(String value) {
		return switch (value.toLowerCase(Locale.ROOT)) {
			case "true", "yes", "on", "1" -> true;
			case "false", "no", "off", "0" -> false;
			default -> throw new IllegalArgumentException("expected true or false");
		};
	}

	private static Duration parseSeconds(String value) {
		try {
			BigDecimal seconds = new BigDecimal(value);
			if (seconds.signum() > 0) {
				return Duration.ofMillis(seconds.movePointRight(3).longValue());
			}
		}
		catch (NumberFormatException | ArithmeticException ex) {
			// Reported below.
		}
		throw new IllegalArgumentException("expected a positive number of seconds");
	}

}
