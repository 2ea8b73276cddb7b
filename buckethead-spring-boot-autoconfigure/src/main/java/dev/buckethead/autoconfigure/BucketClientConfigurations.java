package dev.buckethead.autoconfigure;

import java.nio.file.Path;

import dev.buckethead.bucket.BucketClient;
import dev.buckethead.bucket.LocalDirectoryBucketClient;
import dev.buckethead.bucket.S3BucketClient;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import software.amazon.awssdk.services.s3.S3Client;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * The {@link BucketClient} choices, imported in order: an S3-compatible bucket when {@code buckethead.bucket.name}
 * is set or a {@link BucketHeadConnectionDetails} bean supplies the bucket, otherwise a local directory. An application's own {@code BucketClient} bean replaces both. The client
 * outlives the database (it is destroyed after the {@code BucketSQLite} that depends on it), so the final flush
 * can still reach the bucket.
 */
abstract class BucketClientConfigurations {

	private BucketClientConfigurations() {
	}

	@Configuration(proxyBeanMethods = false)
	@Conditional(OnS3BucketCondition.class)
	static class S3Bucket {

		@Bean
		@ConditionalOnMissingBean(BucketHeadConnectionDetails.class)
		PropertiesBucketHeadConnectionDetails bucketHeadConnectionDetails(BucketHeadProperties properties) {
			return new PropertiesBucketHeadConnectionDetails(properties.getBucket());
		}

		@Bean
		@ConditionalOnMissingBean(BucketClient.class)
		S3BucketClient bucketHeadBucketClient(BucketHeadProperties properties, BucketHeadConnectionDetails details,
				ObjectProvider<S3Client> applicationClients) {
			return S3BucketClientFactory.create(properties.getBucket(), details, applicationClients);
		}

		/**
		 * The share bucket takes what it leaves unset from the database bucket's connection, which an
		 * application's details bean may have supplied instead of the properties. First, so that the
		 * application's own customizers still have the last word.
		 */
		@Bean
		@Order(Ordered.HIGHEST_PRECEDENCE)
		BucketSQLiteBuilderCustomizer bucketHeadShareConnection(BucketHeadProperties properties,
				BucketHeadConnectionDetails details) {
			return (builder) -> builder.shareConfig(ShareConfigFactory.shareConfig(properties, details));
		}

	}

	/** An S3 bucket when {@code buckethead.bucket.name} is set or a {@link BucketHeadConnectionDetails} bean names one. */
	static class OnS3BucketCondition extends AnyNestedCondition {

		OnS3BucketCondition() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@Conditional(OnBucketNameCondition.class)
		static class BucketName {

		}

		@ConditionalOnBean(BucketHeadConnectionDetails.class)
		static class ConnectionDetailsBean {

		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingBean(BucketClient.class)
	static class LocalDirectoryBucket {

		private static final Log logger = LogFactory.getLog(LocalDirectoryBucket.class);

		@Bean
		@ConditionalOnMissingBean(BucketClient.class)
		LocalDirectoryBucketClient bucketHeadBucketClient(BucketHeadProperties properties) {
			Path directory = properties.getBucket().getLocalDirectory().toAbsolutePath().normalize();
			// One line, because it is the first thing to look for when data "disappears" on another machine.
			logger.warn("BucketHead snapshots go to the local directory " + directory + " (development only); set "
					+ "buckethead.bucket.name (or BUCKETHEAD_BUCKET__NAME) and the bucket's endpoint and credentials "
					+ "to use S3, R2 or MinIO");
			return new LocalDirectoryBucketClient(directory);
		}

	}

}
