package dev.buckethead.autoconfigure.observation;

import dev.buckethead.BucketSQLite;
import dev.buckethead.autoconfigure.BucketHeadAutoConfiguration;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Observes every flush, the restore at start-up and every branch switch with the application's
 * {@link ObservationRegistry} ({@code buckethead.flush}, {@code buckethead.restore}, {@code buckethead.switch}):
 * with Spring Boot's metrics these are timers, with Micrometer Tracing also spans. The listener is a
 * {@code FlushListener} bean, so it is registered on the engine before it starts and sees the restore.
 * <p>
 * Define a {@link BucketHeadObservationConvention} bean to change the key values.
 */
@AutoConfiguration(after = BucketHeadAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass(name = "io.micrometer.observation.ObservationRegistry")
@ConditionalOnBean({ BucketSQLite.class, ObservationRegistry.class })
public final class BucketHeadObservationAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	BucketHeadObservationListener bucketHeadObservationListener(ObservationRegistry registry,
			ObjectProvider<BucketHeadObservationConvention> convention) {
		return new BucketHeadObservationListener(registry, convention.getIfAvailable());
	}

}
