package dev.buckethead.autoconfigure;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.buckethead.config.BucketHeadSettings;
import dev.buckethead.config.NearestKey;
import org.apache.commons.logging.Log;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.env.DefaultPropertiesPropertySource;
import org.springframework.boot.env.OriginTrackedMapPropertySource;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Lets a Spring Boot application be configured like the original library: the {@code BUCKETHEAD_*} environment
 * variables with {@code __} between nesting levels ({@code BUCKETHEAD_BUCKET__NAME},
 * {@code BUCKETHEAD_BUCKET__ACCESS_KEY_ID}, {@code BUCKETHEAD_BUCKET__ENDPOINT_URL},
 * {@code BUCKETHEAD_CLOUDFLARE__ACCOUNT_ID}, {@code BUCKETHEAD_SNAPSHOT__KEY}, ...) and the {@code [env]} table
 * of {@code ~/.config/buckethead/config.toml} become {@code buckethead.*} properties.
 * <p>
 * Precedence, highest first:
 * <ol>
 * <li>command-line arguments, system properties and the rest of Spring's usual sources above the environment;</li>
 * <li>environment variables in Spring's form ({@code BUCKETHEAD_BUCKET_NAME});</li>
 * <li>environment variables in the original's form ({@code BUCKETHEAD_BUCKET__NAME}), just below Spring's own
 * environment source. Spring Boot itself already reads the one-word ones ({@code __NAME}, {@code __KEY},
 * {@code __BRANCH}, {@code __REGION}) at environment precedence, so ranking all of them there keeps one rule:
 * a variable beats packaged configuration, as twelve-factor deployments expect;</li>
 * <li>{@code application.yml}, {@code application.properties} and their profiles;</li>
 * <li>the {@code [env]} table of {@code config.toml}: a per-user fallback (typically a developer's
 * credentials), so it never overrides what an application packages. A variable that is set, even blank, hides
 * the file's value, as in the original library;</li>
 * <li>{@code SpringApplication}'s default properties.</li>
 * </ol>
 * Runs after {@link ConfigDataEnvironmentPostProcessor}, which adds {@code application.yml}, so that the file's
 * source really lands below it.
 */
public class BucketHeadEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/** The property source of the original-form environment variables. */
	public static final String ENVIRONMENT_SOURCE_NAME = "buckethead-original-environment";

	/** The property source of the {@code [env]} table of {@code config.toml}. */
	public static final String CONFIG_FILE_SOURCE_NAME = "buckethead-original-config-file";

	/** Right after config data (application.yml and profiles). */
	public static final int ORDER = ConfigDataEnvironmentPostProcessor.ORDER + 1;

	private final Log logger;

	public BucketHeadEnvironmentPostProcessor(DeferredLogFactory logFactory) {
		this.logger = logFactory.getLog(BucketHeadEnvironmentPostProcessor.class);
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Map<String, String> env = systemEnvironment(environment);
		OriginalSettings variables = OriginalSettings.fromEnvironment(env);
		OriginalSettings file = OriginalSettings.fromConfigFile(configFile(environment), env);
		Set<String> unknown = new TreeSet<>(variables.unknownVariables());
		unknown.addAll(file.unknownVariables());
		if (!unknown.isEmpty()) {
			this.logger.warn("Ignoring BUCKETHEAD_* settings that BucketHead does not know (check the spelling): "
					+ NearestKey.describe(unknown, BucketHeadSettings.knownVariables()));
		}
		warnAboutUnknownProperties(environment, application);
		MutablePropertySources sources = environment.getPropertySources();
		if (!variables.properties().isEmpty()) {
			PropertySource<?> source = source(ENVIRONMENT_SOURCE_NAME, variables);
			if (sources.contains(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME)) {
				sources.addAfter(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, source);
			}
			else {
				sources.addLast(source);
			}
		}
		if (!file.properties().isEmpty()) {
			PropertySource<?> source = source(CONFIG_FILE_SOURCE_NAME, file);
			if (sources.contains(DefaultPropertiesPropertySource.NAME)) {
				sources.addBefore(DefaultPropertiesPropertySource.NAME, source);
			}
			else {
				sources.addLast(source);
			}
		}
	}

	/** Once, here, where the application's configuration files have just been read. */
	private void warnAboutUnknownProperties(ConfigurableEnvironment environment, SpringApplication application) {
		ClassLoader classLoader = (application.getClassLoader() != null) ? application.getClassLoader()
				: BucketHeadEnvironmentPostProcessor.class.getClassLoader();
		List<String> known;
		try {
			known = UnknownProperties.known(classLoader);
		}
		catch (UncheckedIOException ex) {
			// A diagnostic must not stop the application.
			this.logger.debug("Not checking buckethead.* properties for misspellings: " + ex.getMessage(), ex);
			return;
		}
		Set<String> unknown = UnknownProperties.in(environment, known);
		if (!known.isEmpty() && !unknown.isEmpty()) {
			this.logger.warn("Ignoring buckethead.* properties that BucketHead does not know (check the spelling): "
					+ NearestKey.describe(unknown, known));
		}
	}

	private static PropertySource<?> source(String name, OriginalSettings settings) {
		return new OriginTrackedMapPropertySource(name, settings.properties(), true);
	}

	/**
	 * The variables of the environment's system-environment source rather than {@code System.getenv()}, so that
	 * tests can stand in their own.
	 */
	private static Map<String, String> systemEnvironment(ConfigurableEnvironment environment) {
		Map<String, String> variables = new LinkedHashMap<>();
		PropertySource<?> source = environment.getPropertySources()
			.get(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
		if (source != null && source.getSource() instanceof Map<?, ?> map) {
			map.forEach((name, value) -> {
				if (name instanceof String key && value != null) {
					variables.put(key, value.toString());
				}
			});
		}
		return variables;
	}

	/** {@code ${user.home}/.config/buckethead/config.toml}, where the original library and its CLI keep it. */
	private static Path configFile(ConfigurableEnvironment environment) {
		String home = environment.getProperty("user.home", System.getProperty("user.home"));
		return Path.of(home, ".config", "buckethead", "config.toml");
	}

}
