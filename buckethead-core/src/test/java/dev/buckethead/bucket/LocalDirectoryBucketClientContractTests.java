package dev.buckethead.bucket;

import java.nio.file.Files;

/** The {@link BucketClient} contract on a directory. */
class LocalDirectoryBucketClientContractTests extends BucketClientContractTests {

	@Override
	protected BucketClient createClient() throws Exception {
		return new LocalDirectoryBucketClient(Files.createTempDirectory(temp, "bucket"));
	}

	@Override
	protected int listingSize() {
		return 120;
	}

}
