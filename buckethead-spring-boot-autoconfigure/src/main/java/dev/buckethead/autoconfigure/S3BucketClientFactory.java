package dev.buckethead.autoconfigure;

import dev.buckethead.autoconfigure.BucketHeadProperties.Bucket;
import dev.buckethead.bucket.BucketConfig;
import dev.buckethead.bucket.BucketTimeouts;
import dev.buckethead.bucket.Endpoints;
import dev.buckethead.bucket.S3BucketClient;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import software.amazon.awssdk.services.s3.S3Client;

import org.springframework.beans.factory.ObjectProvider;

/**
 * Creates the {@link S3BucketClient} for {@code buckethead.bucket.*}. BucketHead's own connection settings win:
 * the application's {@link S3Client} bean (such as the one Spring Cloud AWS configures from
 * {@code spring.cloud.aws.*}) is reused only when none of endpoint, region, credentials and Cloudflare account is
 * set under {@code buckethead.bucket}, so that pointing BucketHead at another bucket or account never depends on
 * how the rest of the application talks to S3.
 */
final class S3BucketClientFactory {

	private static final Log logger = LogFactory.getLog(S3BucketClientFactory.class);

	private S3BucketClientFactory() {
	}

	static S3BucketClient create(Bucket bucket, BucketHeadConnectionDetails details,
			ObjectProvider<S3Client> applicationClients) {
		String name = details.getBucket();
		if (details instanceof PropertiesBucketHeadConnectionDetails properties && !properties.hasConnectionSettings()) {
			S3Client shared = applicationClients.getIfUnique();
			if (shared != null) {
				logger.info("BucketHead uses the application's S3Client for bucket '" + name + "', with the attempt "
						+ "and call time limits of buckethead.bucket.* on every request (set buckethead.bucket.endpoint, "
						+ "region or credentials to give BucketHead its own client)");
				return new S3BucketClient(shared, name, bucket.getMultipartThreshold().toBytes(), timeouts(bucket));
			}
		}
		return new S3BucketClient(bucketConfig(bucket, details));
	}

	/** Whether {@code buckethead.bucket} says how to reach the bucket, beyond its name. */
	static boolean hasConnectionSettings(Bucket bucket) {
		return new PropertiesBucketHeadConnectionDetails(bucket).hasConnectionSettings();
	}

	/** The core's configuration for {@code buckethead.bucket.*}; its {@code toString()} redacts the credentials. */
	static BucketConfig bucketConfig(Bucket bucket) {
		return bucketConfig(bucket, new PropertiesBucketHeadConnectionDetails(bucket));
	}

	/** The bucket {@code details} name, reached as {@code buckethead.bucket.*} says. */
	static BucketConfig bucketConfig(Bucket bucket, BucketHeadConnectionDetails details) {
		BucketHeadConnectionDetails.Credentials credentials = details.getCredentials();
		return BucketConfig.builder()
			.bucket(details.getBucket())
			.location(new Endpoints.Location(details.getEndpoint(), details.getRegion()))
			.credentials((credentials != null) ? credentials.accessKeyId() : null,
					(credentials != null) ? credentials.secretAccessKey() : null)
			.pathStyle(bucket.isPathStyle())
			.checksumMode(bucket.getChecksumMode())
			.timeouts(timeouts(bucket))
			.multipartThreshold(bucket.getMultipartThreshold().toBytes())
			.build();
	}

	/** The deadlines of every bucket call; core validates them (see {@link BucketHeadPropertiesValidator}). */
	static BucketTimeouts timeouts(Bucket bucket) {
		return new BucketTimeouts(bucket.getConnectTimeout(), bucket.getReadTimeout(), bucket.getAttemptTimeout(),
				bucket.getCallTimeout(), bucket.getMaxAttempts());
	}

}
