package dev.buckethead.autoconfigure.actuate;

import dev.buckethead.BucketSQLite;
import dev.buckethead.autoconfigure.BucketHeadActivity;
import dev.buckethead.autoconfigure.BucketHeadAutoConfiguration;
import dev.buckethead.autoconfigure.BucketHeadProperties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The {@link BucketHeadEndpoint}, when Actuator is present and the endpoint is available (exposed, e.g. with
 * {@code management.endpoints.web.exposure.include=buckethead}, and not disabled), and its
 * {@link BucketHeadEndpointWebExtension} when it is exposed over HTTP.
 */
@AutoConfiguration(after = BucketHeadAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint")
@Import(BucketHeadEndpointAutoConfiguration.AvailableEndpoint.class)
public final class BucketHeadEndpointAutoConfiguration {

	/**
	 * Separate so that its Actuator condition is only read once Actuator is known to be present: Spring loads
	 * every condition class of a configuration before evaluating any.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnAvailableEndpoint(BucketHeadEndpoint.class)
	static class AvailableEndpoint {

		@Bean
		@ConditionalOnBean(BucketSQLite.class)
		@ConditionalOnMissingBean
		BucketHeadEndpoint bucketHeadEndpoint(BucketSQLite database, ObjectProvider<BucketHeadActivity> activity,
				BucketHeadProperties properties) {
			return new BucketHeadEndpoint(database, activity.getIfAvailable(), properties);
		}

		@Bean
		@ConditionalOnBean(BucketHeadEndpoint.class)
		@ConditionalOnMissingBean
		@ConditionalOnAvailableEndpoint(exposure = EndpointExposure.WEB)
		BucketHeadEndpointWebExtension bucketHeadEndpointWebExtension(BucketHeadEndpoint endpoint,
				BucketSQLite database, BucketHeadProperties properties) {
			return new BucketHeadEndpointWebExtension(endpoint, database, properties);
		}

	}

}
