package dev.buckethead.autoconfigure;

import dev.buckethead.autoconfigure.BucketHeadProperties.Bucket;
import dev.buckethead.autoconfigure.BucketHeadProperties.Shares;
import dev.buckethead.bucket.Endpoints;
import dev.buckethead.shares.ShareConfig;
import org.jspecify.annotations.Nullable;

/**
 * Turns {@code buckethead.shares.*} into core's {@link ShareConfig}. What the share properties leave unset comes
 * from the database bucket's {@code buckethead.bucket.*}, as core does with its {@code BUCKETHEAD_SHARE__*}
 * variables, so that a share bucket on the same account needs only its name: the endpoint (or the R2 endpoint of
 * {@code cloudflare-account-id}), the region ({@code auto} for R2), the credentials (both or neither) and the
 * addressing.
 */
final class ShareConfigFactory {

	private ShareConfigFactory() {
	}

	/** The share bucket, or null when {@code buckethead.shares.bucket} is not set. */
	static @Nullable ShareConfig shareConfig(BucketHeadProperties properties) {
		Shares shares = properties.getShares();
		String name = shares.getBucket();
		if (name == null) {
			return null;
		}
		Bucket main = properties.getBucket();
		ShareConfig.Builder builder = ShareConfig.builder()
			.bucket(name)
			.publicBaseUrl(shares.getPublicBaseUrl())
			.defaultLifetime(shares.getDefaultLifetime());
		builder.location(new Endpoints.Location(shares.getEndpoint(), shares.getRegion())
			.orElse(S3BucketClientFactory.location(main)));
		if (shares.getAccessKeyId() != null || shares.getSecretAccessKey() != null) {
			builder.credentials(shares.getAccessKeyId(), shares.getSecretAccessKey());
		}
		else {
			builder.credentials(main.getAccessKeyId(), main.getSecretAccessKey());
		}
		Boolean pathStyle = shares.getPathStyle();
		builder.pathStyle((pathStyle != null) ? pathStyle : main.isPathStyle());
		return builder.build();
	}

}
