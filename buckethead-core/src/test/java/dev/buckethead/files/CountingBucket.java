package dev.buckethead.files;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.buckethead.bucket.BucketClient;
import dev.buckethead.bucket.ObjectInfo;
import dev.buckethead.bucket.StoredObject;
import dev.buckethead.bucket.WriteCondition;

/** A bucket that counts the uploads to each key and otherwise does what the bucket it wraps does. */
final class CountingBucket implements BucketClient {

	private final BucketClient delegate;

	private final Map<String, Integer> uploads = new ConcurrentHashMap<>();

	CountingBucket(BucketClient delegate) {
		this.delegate = delegate;
	}

	/** How many times an object was written at {@code key}, whole or from a file. */
	int uploads(String key) {
		return uploads.getOrDefault(key, 0);
	}

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
	public String put(String key, byte[] data, WriteCondition condition) {
		uploads.merge(key, 1, Integer::sum);
		return delegate.put(key, data, condition);
	}

	@Override
	public String putFile(String key, Path file) {
		uploads.merge(key, 1, Integer::sum);
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
		return "counting " + delegate.describe();
	}

}
