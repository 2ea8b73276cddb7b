package dev.buckethead.bucket;


import dev.buckethead.test.S3TestServer;
import org.junit.jupiter.api.BeforeAll;

/**
 * The {@link BucketClient} contract on S3, against {@link S3TestServer} (S3Proxy, or the endpoint in
 * {@code BUCKETHEAD_TEST_S3_ENDPOINT}).
 */
class S3BucketClientContractTests extends BucketClientContractTests {

	private static String bucket;

	@BeforeAll
	static void createBucket() {
		bucket = S3TestServer.shared().createBucket("contract");
	}

	@Override
	protected BucketClient createClient() {
		return client(bucket);
	}

	/** A client on {@code bucket} of the shared test server, configured as the contract needs. */
	static S3BucketClient client(String bucket) {
		S3TestServer server = S3TestServer.shared();
		return new S3BucketClient(BucketConfig.builder()
			.bucket(bucket)
			.endpoint(server.endpoint())
			.region(server.region())
			.credentials(server.accessKey(), server.secretKey())
			.pathStyle(true)
			.multipartThreshold(MULTIPART_THRESHOLD)
			.timeouts(TestBuckets.patient())
			.build());
	}

	@Override
	protected int listingSize() {
		// More than one page of ListObjectsV2 (1000 keys), so that continuation is exercised.
		return 1100;
	}

}
