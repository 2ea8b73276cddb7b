package dev.buckethead.bucket;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The {@link BucketClient} contract for a client that forwards every call but the ranged read, such as a
 * decorator written before ranged reads existed: the interface's default must then still honour the contract.
 */
class DefaultRangedReadContractTests extends BucketClientContractTests {

	@Override
	protected BucketClient createClient() throws Exception {
		return new Forwarding(new LocalDirectoryBucketClient(Files.createTempDirectory(temp, "bucket")));
	}

	@Override
	protected int listingSize() {
		return 20;
	}

	private record Forwarding(BucketClient delegate) implements BucketClient {

		@Override
		public Optional<StoredObject> get(String key) {
			return delegate.get(key);
		}

		@Override
		public Optional<InputStream> openStream(String key) {
			return delegate.openStream(key);
		}

		@Override
		public Optional<ObjectInfo> head(String key) {
			return delegate.head(key);
		}

		@Override
		public String put(String key, byte[] data, int length, WriteCondition condition) {
			return delegate.put(key, data, length, condition);
		}

		@Override
		public String putFile(String key, Path file) {
			return delegate.putFile(key, file);
		}

		@Override
		public void delete(String key) {
			delegate.delete(key);
		}

		@Override
		public List<ObjectInfo> list(String prefix) {
			return delegate.list(prefix);
		}

		@Override
		public String describe() {
			return delegate.describe();
		}

	}

}
