package dev.buckethead.bucket;

import dev.buckethead.encryption.EncryptingBucketClient;
import dev.buckethead.encryption.EncryptionKey;
import dev.buckethead.encryption.KeyRing;
import dev.buckethead.test.S3TestServer;
import org.junit.jupiter.api.BeforeAll;

/**
 * The {@link BucketClient} contract through the encrypting decorator on real S3 ({@link S3TestServer}): every
 * caller keeps the contract it relies on (sizes, ranges, conditions, ETags) with encryption on.
 */
class EncryptingBucketClientContractTests extends BucketClientContractTests {

	private static String bucket;

	@BeforeAll
	static void createBucket() {
		bucket = S3TestServer.shared().createBucket("contract-sealed");
	}

	@Override
	protected BucketClient createClient() {
		return new EncryptingBucketClient(S3BucketClientContractTests.client(bucket),
				KeyRing.of(EncryptionKey.of(new byte[32])));
	}

	@Override
	protected int listingSize() {
		return 50;
	}

}
