package dev.buckethead.autoconfigure.metrics;

import dev.buckethead.BucketSQLite;
import dev.buckethead.autoconfigure.BucketHeadActivity;
import dev.buckethead.autoconfigure.BucketHeadAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Binds {@link BucketHeadMetrics} to the application's meter registries. Flush, restore and switch timers come
 * from the observations ({@code BucketHeadObservationAutoConfiguration}).
 */
@AutoConfiguration(after = BucketHeadAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
@ConditionalOnBean({ BucketSQLite.class, MeterRegistry.class })
public final class BucketHeadMetricsAutoConfiguration {

	/** Also a {@code FlushListener} bean: registered on the engine before it starts, so it sees the restore. */
	@Bean
	@ConditionalOnMissingBean
	BucketHeadMetrics bucketHeadMetrics(ObjectProvider<BucketSQLite> database,
			ObjectProvider<BucketHeadActivity> activity) {
		return new BucketHeadMetrics(database::getObject, activity.getIfAvailable());
	}

}
