package dev.buckethead.autoconfigure;

import java.net.URI;

import dev.buckethead.autoconfigure.BucketHeadProperties.Bucket;
import dev.buckethead.bucket.Endpoints;
import org.jspecify.annotations.Nullable;

/**
 * {@link BucketHeadConnectionDetails} from {@code buckethead.bucket.*}: the endpoint and region by core's rule
 * (an explicit endpoint, else the Cloudflare account's R2 endpoint with region {@code auto}).
 */
final class PropertiesBucketHeadConnectionDetails implements BucketHeadConnectionDetails {

	private final Bucket bucket;

	PropertiesBucketHeadConnectionDetails(Bucket bucket) {
		this.bucket = bucket;
	}

	@Override
	public String getBucket() {
		String name = bucket.getName();
		if (name == null) {
			throw new IllegalStateException("buckethead.bucket.name is required for an S3 bucket");
		}
		return name;
	}

	@Override
	public @Nullable URI getEndpoint() {
		return location().endpoint();
	}

	@Override
	public @Nullable String getRegion() {
		return location().region();
	}

	@Override
	public @Nullable Credentials getCredentials() {
		String accessKeyId = bucket.getAccessKeyId();
		String secretAccessKey = bucket.getSecretAccessKey();
		return (accessKeyId != null && secretAccessKey != null) ? new Credentials(accessKeyId, secretAccessKey)
				: null;
	}

	/** Whether the properties say how to reach the bucket, beyond its name. */
	boolean hasConnectionSettings() {
		return bucket.getEndpoint() != null || bucket.getRegion() != null || bucket.getAccessKeyId() != null
				|| bucket.getCloudflareAccountId() != null;
	}

	private Endpoints.Location location() {
		return Endpoints.resolve(bucket.getEndpoint(), bucket.getCloudflareAccountId(), bucket.getRegion());
	}

}
