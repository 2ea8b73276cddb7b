package dev.buckethead.autoconfigure;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

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
 * They are a fallback, added as the lowest-precedence source above only {@code SpringApplication}'s default
 * properties: every Spring source wins over them, including {@code application.yml} and Spring's own spelling
 * of the variable ({@code BUCKETHEAD_BUCKET_NAME}). So an application's explicit configuration is never changed
 * by a variable left over in a shell, while a deployment that only sets the original's variables just works.
 * Between the two original sources, as in the original library, a live variable wins over the file.
 * <p>
 * Runs after {@link ConfigDataEnvironmentPostProcessor}, which adds {@code application.yml}, so that
 * adding last really is below it.
 */
public class BucketHeadEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/** The name of the property source holding the original's settings. */
	public static final String PROPERTY_SOURCE_NAME = "buckethead-original-settings";

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
		OriginalSettings settings = OriginalSettings.read(systemEnvironment(environment), configFile(environment));
		if (!settings.unknownVariables().isEmpty()) {
			this.logger.warn("Ignoring BUCKETHEAD_* settings that BucketHead does not know (check the spelling): "
					+ settings.unknownVariables());
		}
		if (settings.properties().isEmpty()) {
			return;
		}
		PropertySource<?> source = new OriginTrackedMapPropertySource(PROPERTY_SOURCE_NAME, settings.properties(),
				true);
		MutablePropertySources sources = environment.getPropertySources();
		if (sources.contains(DefaultPropertiesPropertySource.NAME)) {
			sources.addBefore(DefaultPropertiesPropertySource.NAME, source);
		}
		else {
			sources.addLast(source);
		}
		this.logger.debug("BucketHead read " + settings.properties().keySet() + " from BUCKETHEAD_* settings");
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
