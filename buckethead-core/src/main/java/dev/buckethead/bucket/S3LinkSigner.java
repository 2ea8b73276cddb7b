package dev.buckethead.bucket;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedGetObjectRequest;

/**
 * Presigned GET links to the objects of one bucket, signed for its endpoint, region, credentials and addressing.
 * Signing is local: no request reaches the bucket. Thread-safe; close it to release the SDK's resources.
 */
public final class S3LinkSigner implements AutoCloseable {

	private final S3Presigner presigner;

	private final BucketConfig config;

	public S3LinkSigner(BucketConfig config) {
		this.config = config;
		S3Presigner.Builder builder = S3Presigner.builder()
			.region(Region.of(config.region()))
			.credentialsProvider(S3Credentials.of(config))
			.serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(config.pathStyle()).build());
		if (config.endpoint() != null) {
			builder.endpointOverride(config.endpoint());
		}
		this.presigner = builder.build();
	}

	/**
	 * A link to GET {@code objectKey} for {@code lifetime}.
	 * @throws BucketException if the SDK cannot sign it (no credentials found, for one)
	 */
	public PresignedLink presignGet(String objectKey, Duration lifetime) {
		try {
			PresignedGetObjectRequest presigned = presigner.presignGetObject((request) -> request
				.signatureDuration(lifetime)
				.getObjectRequest((get) -> get.bucket(config.bucket()).key(objectKey)));
			// The link carries its signing time in whole seconds, and expires counting from there.
			return new PresignedLink(presigned.url().toString(),
					presigned.expiration().truncatedTo(ChronoUnit.SECONDS));
		}
		catch (SdkException ex) {
			throw new BucketException("Cannot presign a link to " + objectKey + " in " + config.describe() + ": "
					+ ex.getMessage(), ex);
		}
	}

	@Override
	public void close() {
		presigner.close();
	}

	/** A presigned URL and the moment it stops working. */
	public record PresignedLink(String url, Instant expiration) {
	}

}
