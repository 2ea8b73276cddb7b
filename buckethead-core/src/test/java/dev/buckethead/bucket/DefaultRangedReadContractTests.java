package dev.buckethead.bucket;

import java.nio.file.Files;

/**
 * The {@link BucketClient} contract for a client that forwards every call but the ranged read, such as a
 * decorator written before ranged reads existed: the interface's default must then still honour the contract.
 */
class DefaultRangedReadContractTests extends BucketClientContractTests {

	@Override
	protected BucketClient createClient() throws Exception {
		return new ForwardingBucketClient(new LocalDirectoryBucketClient(Files.createTempDirectory(temp, "bucket")),
				false);
	}

	@Override
	protected int listingSize() {
		return 20;
	}

}
