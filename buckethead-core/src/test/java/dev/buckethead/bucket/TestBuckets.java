package dev.buckethead.bucket;

import java.time.Duration;

import dev.buckethead.test.S3TestServer;

/** Fresh buckets on the real S3 test server, for tests outside the bucket package. */
public final class TestBuckets {

	private TestBuckets() {
	}

	/**
	 * Deadlines for tests: the machine running them is shared and often loaded, so an S3Proxy that is merely slow
	 * must not fail a test that is not about deadlines.
	 */
	public static BucketTimeouts patient() {
		return BucketTimeouts.defaults()
			.withMaxAttempts(3)
			.withCallTimeout(Duration.ofSeconds(90))
			.withAttemptTimeout(Duration.ofSeconds(30))
			.withReadTimeout(Duration.ofSeconds(30));
	}

	/** A client on a new, empty bucket of {@link S3TestServer#shared()}. */
	public static S3BucketClient newS3Bucket(String prefix) {
		S3TestServer server = S3TestServer.shared();
		return new S3BucketClient(BucketConfig.builder()
			.bucket(server.createBucket(prefix))
			.endpoint(server.endpoint())
			.region(server.region())
			.credentials(server.accessKey(), server.secretKey())
			.pathStyle(true)
			.timeouts(patient())
			.build());
	}

}
