package dev.buckethead.autoconfigure.test;

import java.util.Map;

import dev.buckethead.snapshot.SnapshotLayout;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Gives a test context its {@link EphemeralBucket} unless the test opted out, and, with
 * {@link AutoConfigureBucketHead}, keeps {@code @AutoConfigureTestDatabase} from replacing BucketHead's
 * {@code DataSource}. A record, so that tests with the same choice share a cached context.
 *
 * @param annotated whether the test class has {@link AutoConfigureBucketHead}
 * @param ephemeral the annotation's choice (ignored when not annotated: the property decides)
 * @param restoreFrom the annotation's snapshot fixture, empty for none
 */
record EphemeralBucketContextCustomizer(boolean annotated, boolean ephemeral, String restoreFrom)
		implements ContextCustomizer {

	/** Set to false to let the tests without {@link AutoConfigureBucketHead} use the configured bucket. */
	static final String EPHEMERAL_PROPERTY = "buckethead.test.ephemeral";

	static final String SOURCE_NAME = "buckethead-ephemeral-bucket";

	static final String DEFAULTS_SOURCE_NAME = "buckethead-test-defaults";

	private static final String SNAPSHOT_KEY_PROPERTY = "buckethead.snapshot.key";

	@Override
	public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration configuration) {
		ConfigurableEnvironment environment = context.getEnvironment();
		if (this.annotated) {
			// Lowest precedence: an explicit @AutoConfigureTestDatabase(replace = ...) or property still wins.
			environment.getPropertySources()
				.addLast(new MapPropertySource(DEFAULTS_SOURCE_NAME, Map.of("spring.test.database.replace", "none")));
		}
		if (!isEphemeral(environment)) {
			if (!this.restoreFrom.isEmpty()) {
				throw new IllegalStateException("@AutoConfigureBucketHead(restoreFrom = \"" + this.restoreFrom
						+ "\") needs ephemeral = true: a fixture is copied into the test's temporary bucket, never "
						+ "into the configured one");
			}
			return;
		}
		EphemeralBucket bucket = EphemeralBucket.create();
		if (!this.restoreFrom.isEmpty()) {
			SnapshotFixture.copy(context.getResource(this.restoreFrom), this.restoreFrom, bucket.bucketDirectory(),
					environment.getProperty(SNAPSHOT_KEY_PROPERTY, SnapshotLayout.DEFAULT_SNAPSHOT_KEY));
		}
		// Highest precedence: above test properties, the command line and BUCKETHEAD_* variables alike.
		MapPropertySource source = new MapPropertySource(SOURCE_NAME, bucket.properties());
		environment.getPropertySources().addFirst(source);
		// @DynamicPropertySource values (a test pointing buckethead.bucket.* at a container) go above every source
		// too, from a customizer that may run after this one: the ephemeral bucket is put back on top as the refresh
		// begins, before the configuration classes' conditions read the properties.
		context.addBeanFactoryPostProcessor((BeanDefinitionRegistryPostProcessor) (registry) -> {
			environment.getPropertySources().remove(SOURCE_NAME);
			environment.getPropertySources().addFirst(source);
		});
		ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
		beanFactory.registerSingleton(EphemeralBucket.BEAN_NAME, bucket);
		// Registered before every other bean, so destroyed after them all: after the engine's final flush.
		if (beanFactory instanceof DefaultSingletonBeanRegistry registry) {
			registry.registerDisposableBean(EphemeralBucket.BEAN_NAME, bucket);
		}
	}

	private boolean isEphemeral(ConfigurableEnvironment environment) {
		return this.annotated ? this.ephemeral : environment.getProperty(EPHEMERAL_PROPERTY, Boolean.class, true);
	}

}
