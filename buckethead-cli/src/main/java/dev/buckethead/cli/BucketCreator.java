package dev.buckethead.cli;

import java.net.URI;

import dev.buckethead.bucket.BucketConfig;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyExistsException;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;

/**
 * Creates a bucket with the SDK's CreateBucket. The library's {@link dev.buckethead.bucket.BucketClient} works
 * inside one existing bucket, so this is the one place the tool talks to S3 directly.
 */
final class BucketCreator {

	private static final String DEFAULT_AWS_REGION = "us-east-1";

	private BucketCreator() {
	}

	/** @return true if created, false if the bucket already exists and belongs to these credentials */
	static boolean create(BucketConfig config) {
		try (S3Client s3 = client(config)) {
			boolean locationNeeded = config.endpoint() == null && !config.region().equals(DEFAULT_AWS_REGION);
			s3.createBucket((request) -> {
				request.bucket(config.bucket());
				if (locationNeeded) {
					request.createBucketConfiguration((bucket) -> bucket.locationConstraint(config.region()));
				}
			});
			return true;
		}
		catch (BucketAlreadyOwnedByYouException ex) {
			return false;
		}
		catch (BucketAlreadyExistsException ex) {
			throw new CommandException("Bucket '" + config.bucket() + "' already exists and is not yours; choose "
					+ "another name with --bucket-name");
		}
		catch (SdkException ex) {
			throw new CommandException("Cannot create " + config.describe() + ": " + ex.getMessage());
		}
	}

	private static S3Client client(BucketConfig config) {
		String accessKeyId = config.accessKeyId();
		String secretAccessKey = config.secretAccessKey();
		AwsCredentialsProvider credentials = (accessKeyId != null && secretAccessKey != null)
				? StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey))
				: DefaultCredentialsProvider.builder().build();
		var builder = S3Client.builder()
			.region(Region.of(config.region()))
			.forcePathStyle(config.pathStyle())
			.credentialsProvider(credentials)
			.httpClientBuilder(Apache5HttpClient.builder());
		URI endpoint = config.endpoint();
		if (endpoint != null) {
			builder.endpointOverride(endpoint);
		}
		return builder.build();
	}

}
