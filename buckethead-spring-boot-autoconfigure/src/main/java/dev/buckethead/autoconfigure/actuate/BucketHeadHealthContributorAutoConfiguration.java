package dev.buckethead.autoconfigure.actuate;

import dev.buckethead.BucketSQLite;
import dev.buckethead.autoconfigure.BucketHeadActivity;
import dev.buckethead.autoconfigure.BucketHeadAutoConfiguration;
import dev.buckethead.autoconfigure.BucketHeadProperties;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The {@code buckethead} {@link BucketHeadHealthIndicator}, when Spring Boot's health support is present. Turn it
 * off with {@code management.health.buckethead.enabled=false}.
 */
@AutoConfiguration(after = BucketHeadAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator")
@ConditionalOnBean({ BucketSQLite.class, BucketHeadActivity.class })
@Import(BucketHeadHealthContributorAutoConfiguration.EnabledHealthIndicator.class)
public final class BucketHeadHealthContributorAutoConfiguration {

	/**
	 * Separate so that its condition is only read once Spring Boot's health support is known to be present:
	 * Spring loads every condition class of a configuration before evaluating any.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnEnabledHealthIndicator("buckethead")
	static class EnabledHealthIndicator {

		@Bean
		@ConditionalOnMissingBean(name = { "bucketheadHealthIndicator", "bucketheadHealthContributor" })
		BucketHeadHealthIndicator bucketheadHealthIndicator(BucketSQLite database, BucketHeadActivity activity,
				BucketHeadProperties properties) {
			return new BucketHeadHealthIndicator(database, activity, properties);
		}

	}

}
