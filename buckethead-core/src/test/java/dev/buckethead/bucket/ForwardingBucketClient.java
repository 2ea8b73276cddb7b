package dev.buckethead.bucket;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A decorator that forwards every call to a real client: the base of the fault-injecting and gating clients
 * tests put on top of a real bucket (never instead of one).
 */
public class ForwardingBucketClient implements BucketClient {

	private final BucketClient delegate;

	private final boolean forwardRanges;

	/** Forwards every call, ranged reads included. */
	public ForwardingBucketClient(BucketClient delegate) {
		this(delegate, true);
	}

	/**
	 * @param forwardRanges false to leave ranged reads to the interface's default, as a decorator written
	 * before ranged reads existed would
	 */
	public ForwardingBucketClient(BucketClient delegate, boolean forwardRanges) {
		this.delegate = delegate;
		this.forwardRanges = forwardRanges;
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
	public Optional<InputStream> openStream(String key, long offset, long length) {
		return forwardRanges ? delegate.openStream(key, offset, length)
				: BucketClient.super.openStream(key, offset, length);
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

	@Override
	public void close() {
		delegate.close();
	}

}
