package dev.buckethead.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;

import dev.buckethead.BucketSQLite;
import dev.buckethead.bench.proxy.CountingProxy;
import dev.buckethead.bucket.CountingBucketClient;
import dev.buckethead.bucket.IoCounters;
import dev.buckethead.live.LiveStorage;
import dev.buckethead.snapshot.ChainLimits;

/**
 * BucketHead as a peer: a {@link BucketSQLite} (FILE storage, default format and chunk size, page deltas as
 * {@link #PAGE_DELTAS} says) whose bucket client
 * talks through the proxy. It starts from the template imported as a plain snapshot (uploaded past the proxy, so
 * not counted); {@link #makeDurable()} is {@code forceFlush()}.
 */
final class BucketHeadPeer implements Peer {

	static final String KEY = "buckethead/peer.db";

	/** {@code -Dbench.pageDeltas=true|false}: the flush format measured; the engine's default otherwise. */
	static final boolean PAGE_DELTAS = Boolean.parseBoolean(System.getProperty("bench.pageDeltas",
			String.valueOf(BucketSQLite.Builder.DEFAULT_PAGE_DELTAS)));

	/**
	 * {@code -Dbench.chain.maxSteps}, {@code -Dbench.chain.maxBytesRatio}: the chain limits measured (a lowered step
	 * limit makes a short trickle window hold bases); {@link ChainLimits#DEFAULTS} otherwise.
	 */
	static final ChainLimits LIMITS = new ChainLimits(
			Integer.getInteger("bench.chain.maxSteps", ChainLimits.DEFAULT_MAX_STEPS),
			Double.parseDouble(System.getProperty("bench.chain.maxBytesRatio",
					String.valueOf(ChainLimits.DEFAULT_MAX_BYTES_RATIO))),
			ChainLimits.DEFAULT_HEAD_LAG_STEPS, ChainLimits.DEFAULT_HEAD_LAG_TIME);

	private final CountingProxy proxy;

	private final CountingBucketClient client;

	private final Path directory;

	private BucketSQLite db;

	private Connection writer;

	private BucketHeadPeer(CountingProxy proxy, CountingBucketClient client, Path directory) {
		this.proxy = proxy;
		this.client = client;
		this.directory = directory;
	}

	static BucketHeadPeer start(S3 s3, S3.Bucket bucket, Path template, Path directory) {
		bucket.client.putFile(KEY, template);
		CountingProxy proxy = CountingProxy.start("buckethead", s3.server.endpoint());
		BucketHeadPeer peer = new BucketHeadPeer(proxy, s3.client(bucket.name, proxy.endpoint()), directory);
		peer.open(Duration.ZERO);
		return peer;
	}

	private void open(Duration flushInterval) {
		db = engine(flushInterval).build().start();
		writer = db.connect();
	}

	private BucketSQLite.Builder engine(Duration flushInterval) {
		return BucketSQLite.builder()
			.bucket(client)
			.snapshotKey(KEY)
			.storage(LiveStorage.FILE)
			.pageDeltas(PAGE_DELTAS)
			.chainLimits(LIMITS)
			.directory(directory.resolve("live-" + System.nanoTime()))
			.flushInterval(flushInterval);
	}

	@Override
	public String name() {
		return "BucketHead";
	}

	@Override
	public CountingProxy proxy() {
		return proxy;
	}

	@Override
	public Connection writer() {
		return writer;
	}

	@Override
	public void makeDurable() {
		db.forceFlush();
	}

	/** Garbage collection with no grace period: nothing else writes this bucket meanwhile. */
	@Override
	public void tidy() {
		db.collectGarbage(Duration.ZERO, false);
	}

	@Override
	public void uploadEvery(Duration interval) throws Exception {
		writer.close();
		db.close();
		open(interval);
	}

	/** Timed: {@code start()} (download, verification) and one point query; the fingerprint is read after. */
	@Override
	public Restored restore(Path dir) throws Exception {
		long t0 = System.nanoTime();
		try (BucketSQLite restored = engine(Duration.ZERO).directory(dir.resolve("restore-" + System.nanoTime()))
			.build()
			.start(); Connection c = restored.connect()) {
			try (var s = c.createStatement(); var r = s.executeQuery("SELECT length(payload) FROM rows WHERE id = 1")) {
				r.next();
			}
			long nanos = System.nanoTime() - t0;
			return new Restored(nanos, Peer.fingerprint(c));
		}
	}

	@Override
	public String restoreChecks() {
		return "SHA-256 of every chunk, page count, PRAGMA quick_check";
	}

	/** BucketHead's own count of its requests and bytes, to hold against the proxy's. */
	IoCounters ioCounters() {
		return client.counters();
	}

	@Override
	public void close() throws Exception {
		try {
			if (writer != null) {
				writer.close();
			}
			if (db != null) {
				db.close();
			}
		}
		finally {
			client.close();
			proxy.close();
		}
	}

}
