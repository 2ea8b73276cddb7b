package dev.buckethead.bucket;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

/**
 * A {@link BucketClient} that counts the calls made through it and the bytes they move, for metrics and for
 * tests that assert what an operation costs ("a clean flush makes zero requests"). A call is counted when it is
 * made, whether or not it succeeds; bytes are counted as they actually move (see {@link IoCounters}).
 * <p>
 * Thread-safe and cheap under contention ({@link LongAdder}s). A {@link #counters() snapshot} taken while other
 * threads make calls may mix counts from just before and just after a call; taken while the client is quiet,
 * it is exact.
 */
public final class CountingBucketClient implements BucketClient {

	private final BucketClient delegate;

	private final Map<IoCounters.Kind, LongAdder> requests = new EnumMap<>(IoCounters.Kind.class);

	private final LongAdder bytesIn = new LongAdder();

	private final LongAdder bytesOut = new LongAdder();

	public CountingBucketClient(BucketClient delegate) {
		this.delegate = delegate;
		for (IoCounters.Kind kind : IoCounters.Kind.values()) {
			this.requests.put(kind, new LongAdder());
		}
	}

	/** The client that does the work. */
	public BucketClient delegate() {
		return delegate;
	}

	/** What has been counted since this client was made or last {@link #reset()}. */
	public IoCounters counters() {
		return new IoCounters(count(IoCounters.Kind.GET), count(IoCounters.Kind.HEAD), count(IoCounters.Kind.PUT),
				count(IoCounters.Kind.DELETE), count(IoCounters.Kind.LIST), bytesIn.sum(), bytesOut.sum());
	}

	/** Sets every count back to zero. */
	public void reset() {
		requests.values().forEach(LongAdder::reset);
		bytesIn.reset();
		bytesOut.reset();
	}

	@Override
	public Optional<StoredObject> get(String key) {
		requested(IoCounters.Kind.GET);
		Optional<StoredObject> object = delegate.get(key);
		object.ifPresent((found) -> bytesIn.add(found.data().length));
		return object;
	}

	@Override
	public ConditionalGet getIfChanged(String key, @Nullable String etag) {
		requested(IoCounters.Kind.GET);
		ConditionalGet answer = delegate.getIfChanged(key, etag);
		answer.changedObject().ifPresent((found) -> bytesIn.add(found.data().length));
		return answer;
	}

	@Override
	public Optional<InputStream> openStream(String key) {
		requested(IoCounters.Kind.GET);
		return delegate.openStream(key).map(CountingInputStream::new);
	}

	@Override
	public Optional<InputStream> openStream(String key, long offset, long length) {
		requested(IoCounters.Kind.GET);
		return delegate.openStream(key, offset, length).map(CountingInputStream::new);
	}

	@Override
	public Optional<ObjectInfo> head(String key) {
		requested(IoCounters.Kind.HEAD);
		return delegate.head(key);
	}

	@Override
	public String put(String key, byte[] data, int length, WriteCondition condition) {
		requested(IoCounters.Kind.PUT);
		String etag = delegate.put(key, data, length, condition);
		bytesOut.add(length);
		return etag;
	}

	@Override
	public String putFile(String key, Path file) {
		requested(IoCounters.Kind.PUT);
		long size = sizeOf(file);
		String etag = delegate.putFile(key, file);
		bytesOut.add(size);
		return etag;
	}

	@Override
	public void delete(String key) {
		requested(IoCounters.Kind.DELETE);
		delegate.delete(key);
	}

	@Override
	public List<ObjectInfo> list(String prefix) {
		requested(IoCounters.Kind.LIST);
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

	@Override
	public String toString() {
		return "CountingBucketClient[" + delegate + ", " + counters().toJson() + "]";
	}

	private void requested(IoCounters.Kind kind) {
		requests.get(kind).increment();
	}

	private long count(IoCounters.Kind kind) {
		return requests.get(kind).sum();
	}

	private static long sizeOf(Path file) {
		try {
			return Files.size(file);
		}
		catch (IOException ex) {
			// The delegate will report the missing or unreadable file.
			return 0;
		}
	}

	/** Counts the bytes a caller actually reads, which is what comes over the network. */
	private final class CountingInputStream extends InputStream {

		private final InputStream in;

		CountingInputStream(InputStream in) {
			this.in = in;
		}

		@Override
		public int read() throws IOException {
			int b = in.read();
			if (b >= 0) {
				bytesIn.increment();
			}
			return b;
		}

		@Override
		public int read(byte[] b, int off, int len) throws IOException {
			int read = in.read(b, off, len);
			if (read > 0) {
				bytesIn.add(read);
			}
			return read;
		}

		@Override
		public long skip(long n) throws IOException {
			long skipped = in.skip(n);
			if (skipped > 0) {
				bytesIn.add(skipped);
			}
			return skipped;
		}

		@Override
		public int available() throws IOException {
			return in.available();
		}

		@Override
		public void close() throws IOException {
			in.close();
		}

	}

}
