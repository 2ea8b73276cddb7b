package dev.buckethead.autoconfigure;

import java.nio.file.Path;

import dev.buckethead.bucket.BucketClient;
import dev.buckethead.bucket.LocalDirectoryBucketClient;
import dev.buckethead.bucket.S3BucketClient;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import software.amazon.awssdk.services.s3.S3Client;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * The {@link BucketClient} choices, imported in order: an S3-compatible bucket when {@code buckethead.bucket.name}
 * is set, otherwise a local directory. An application's own {@code BucketClient} bean replaces both. The client
 * outlives the database (it is destroyed after the {@code BucketSQLite} that depends on it), so the final flush
 * can still reach the bucket.
 */
abstract class BucketClientConfigurations {

	private BucketClientConfigurations() {
	}

	@Configuration(proxyBeanMethods = false)
	@Conditional(OnBucketNameCondition.class)
	static class S3Bucket {

		@Bean
		@ConditionalOnMissingBean(BucketClient.class)
		S3BucketClient bucketHeadBucketClient(BucketHeadProperties properties,
				ObjectProvider<S3Client> applicationClients) {
			return S3BucketClientFactory.create(properties.getBucket(), applicationClients);
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
