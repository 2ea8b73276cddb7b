package dev.buckethead.autoconfigure;

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
		return shareConfig(properties, new PropertiesBucketHeadConnectionDetails(properties.getBucket()));
	}

	/** The share bucket, taking what it leaves unset from {@code main}, the database bucket's connection. */
	static @Nullable ShareConfig shareConfig(BucketHeadProperties properties, BucketHeadConnectionDetails main) {
		Shares shares = properties.getShares();
		String name = shares.getBucket();
		if (name == null) {
			return null;
		}
		ShareConfig.Builder builder = ShareConfig.builder()
			.bucket(name)
			.publicBaseUrl(shares.getPublicBaseUrl())
			.defaultLifetime(shares.getDefaultLifetime());
		builder.location(new Endpoints.Location(shares.getEndpoint(), shares.getRegion())
			.orElse(new Endpoints.Location(main.getEndpoint(), main.getRegion())));
		if (shares.getAccessKeyId() != null || shares.getSecretAccessKey() != null) {
			builder.credentials(shares.getAccessKeyId(), shares.getSecretAccessKey());
		}
		else {
			BucketHeadConnectionDetails.Credentials credentials = main.getCredentials();
			if (credentials != null) {
				builder.credentials(credentials.accessKeyId(), credentials.secretAccessKey());
			}
		}
		Boolean pathStyle = shares.getPathStyle();
		builder.pathStyle((pathStyle != null) ? pathStyle : properties.getBucket().isPathStyle());
		return builder.build();
	}

}
