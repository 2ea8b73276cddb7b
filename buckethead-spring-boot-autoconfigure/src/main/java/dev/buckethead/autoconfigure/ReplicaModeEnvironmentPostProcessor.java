package dev.buckethead.autoconfigure;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * With {@code buckethead.mode=replica}, turns off what would write the database at start-up: Flyway, Liquibase and
 * SQL scripts ({@code spring.flyway.enabled}, {@code spring.liquibase.enabled}, {@code spring.sql.init.mode}). The
 * writer owns the schema; a replica cannot migrate. As defaults of the lowest precedence: an application that
 * sets them explicitly keeps its own value. Runs after {@link BucketHeadEnvironmentPostProcessor}, so the mode may
 * come from the original library's variables too.
 */
public class ReplicaModeEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/** The property source of these defaults. */
	public static final String SOURCE_NAME = "buckethead-replica-defaults";

	@Override
	public int getOrder() {
		return BucketHeadEnvironmentPostProcessor.ORDER + 1;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String mode = environment.getProperty("buckethead.mode");
		if (mode == null || !mode.strip().equalsIgnoreCase(BucketHeadProperties.Mode.REPLICA.name())) {
			return;
		}
		environment.getPropertySources()
			.addLast(new MapPropertySource(SOURCE_NAME, Map.of("spring.flyway.enabled", "false",
					"spring.liquibase.enabled", "false", "spring.sql.init.mode", "never")));
	}

}
