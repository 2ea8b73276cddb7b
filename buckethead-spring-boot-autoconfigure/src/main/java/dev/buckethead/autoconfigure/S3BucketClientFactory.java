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

	static S3BucketClient create(Bucket bucket, ObjectProvider<S3Client> applicationClients) {
		String name = requireName(bucket);
		if (!hasConnectionSettings(bucket)) {
			S3Client shared = applicationClients.getIfUnique();
			if (shared != null) {
				logger.info("BucketHead uses the application's S3Client for bucket '" + name + "', with the attempt "
						+ "and call time limits of buckethead.bucket.* on every request (set buckethead.bucket.endpoint, "
						+ "region or credentials to give BucketHead its own client)");
				return new S3BucketClient(shared, name, bucket.getMultipartThreshold().toBytes(), timeouts(bucket));
			}
		}
		return new S3BucketClient(bucketConfig(bucket));
	}

	/** Whether {@code buckethead.bucket} says how to reach the bucket, beyond its name. */
	static boolean hasConnectionSettings(Bucket bucket) {
		return bucket.getEndpoint() != null || bucket.getRegion() != null || bucket.getAccessKeyId() != null
				|| bucket.getCloudflareAccountId() != null;
	}

	/** The core's configuration for an S3 client of its own; its {@code toString()} redacts the credentials. */
	static BucketConfig bucketConfig(Bucket bucket) {
		BucketConfig.Builder builder = BucketConfig.builder()
			.bucket(requireName(bucket))
			.credentials(bucket.getAccessKeyId(), bucket.getSecretAccessKey())
			.pathStyle(bucket.isPathStyle())
			.checksumMode(bucket.getChecksumMode())
			.timeouts(timeouts(bucket))
			.multipartThreshold(bucket.getMultipartThreshold().toBytes());
		return builder.location(location(bucket)).build();
	}

	/** Where {@code buckethead.bucket} is: core's one rule for the endpoint, Cloudflare account and region. */
	static Endpoints.Location location(Bucket bucket) {
		return Endpoints.resolve(bucket.getEndpoint(), bucket.getCloudflareAccountId(), bucket.getRegion());
	}

	/** The deadlines of every bucket call; core validates them (see {@link BucketHeadPropertiesValidator}). */
	static BucketTimeouts timeouts(Bucket bucket) {
		return new BucketTimeouts(bucket.getConnectTimeout(), bucket.getReadTimeout(), bucket.getAttemptTimeout(),
				bucket.getCallTimeout(), bucket.getMaxAttempts());
	}

	private static String requireName(Bucket bucket) {
		String name = bucket.getName();
		if (name == null) {
			throw new IllegalStateException("buckethead.bucket.name is required for an S3 bucket");
		}
		return name;
	}

}
