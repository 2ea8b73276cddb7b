package dev.buckethead.bucket;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** The AWS credentials of a {@link BucketConfig}: its static keys, or the SDK's default chain without them. */
final class S3Credentials {

	private S3Credentials() {
	}

	static AwsCredentialsProvider of(BucketConfig config) {
		return (config.accessKeyId() != null && config.secretAccessKey() != null)
				? StaticCredentialsProvider
					.create(AwsBasicCredentials.create(config.accessKeyId(), config.secretAccessKey()))
				: DefaultCredentialsProvider.builder().build();
	}

}
