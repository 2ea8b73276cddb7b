package dev.buckethead.snapshot;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import dev.buckethead.bucket.BucketClient;
import dev.buckethead.config.EngineSettings;
import dev.buckethead.encryption.KeyProvider;
import dev.buckethead.encryption.ObjectNames;
import org.jspecify.annotations.Nullable;

/**
 * The snapshot engine of one snapshot key, wired in one place: the store (plain or sealing, as
 * {@link SnapshotBucket#open} decides), the chunk codec, the heads, the reader, the writer, the chain restorer
 * and the compactor, on one pool of I/O threads. {@code BucketSQLite} opens its sessions on it,
 * {@link SnapshotRepository} (the CLI) and replicas read through it, so all of them read the same objects the
 * same way, encrypted or not. Close it to stop its I/O threads.
 */
public final class SnapshotEngine implements AutoCloseable {

	/**
	 * What an engine is built from.
	 *
	 * @param engine the engine settings (snapshot key, chunk size, compression, I/O threads, generations kept),
	 * validated by whoever made them (the builder, the CLI's settings)
	 * @param encryption the keys of an encrypted snapshot key, or null for a plain one
	 * @param retention which points stay restorable as they age (with {@code keepGenerations})
	 * @param clock what ages and generation ids count from
	 */
	public record Settings(EngineSettings engine, @Nullable KeyProvider encryption, RetentionPolicy retention,
			Clock clock) {

		public Settings {
			Objects.requireNonNull(engine, "engine");
			Objects.requireNonNull(retention, "retention");
			Objects.requireNonNull(clock, "clock");
		}

		/** Names whether the snapshot key is encrypted, never the provider: it may hold a key service's secrets. */
		@Override
		public String toString() {
			return "Settings[engine=" + engine + ", encryption=" + (encryption == null ? "none" : "configured")
					+ ", retention=" + retention + ", clock=" + clock + "]";
		}

		/**
		 * The engine defaults for {@code snapshotKey} with {@code keepGenerations}, the default retention policy and
		 * the system clock: what tools without an application's settings use.
		 */
		public static Settings of(String snapshotKey, int keepGenerations, @Nullable KeyProvider encryption) {
			return new Settings(EngineSettings.defaults().withSnapshotKey(snapshotKey)
				.withKeepGenerations(keepGenerations), encryption, RetentionPolicy.DEFAULTS, Clock.systemUTC());
		}

	}

	private final BucketClient bucket;

	private final SnapshotStore store;

	private final Clock clock;

	private final ChunkCodec codec;

	private final BranchHeads heads;

	private final SnapshotReader reader;

	private final SnapshotWriter writer;

	private final ChainRestorer chains;

	private final ChainCompactor compactor;

	private final ExecutorService io;

	private final List<ReferenceSource> referenceSources;

	private SnapshotEngine(SnapshotBucket opened, Settings settings, String threadPrefix,
			List<ReferenceSource> referenceSources) {
		EngineSettings engine = settings.engine();
		this.bucket = opened.bucket();
		this.store = opened.store();
		this.clock = settings.clock();
		this.referenceSources = referenceSources;
		this.io = Executors.newFixedThreadPool(engine.ioThreads(), daemonThreads(threadPrefix));
		this.codec = new ChunkCodec(engine.compressionLevel());
		this.heads = new BranchHeads(store, engine.keepGenerations(), settings.retention(), clock, io);
		this.reader = new SnapshotReader(store, codec, io);
		this.writer = new SnapshotWriter(store, codec, engine.chunkSize(), io, engine.ioThreads() * 2);
		this.chains = new ChainRestorer(store, reader, codec);
		this.compactor = new ChainCompactor(store, chains, codec, io, referenceSources);
	}

	/**
	 * Opens the snapshot key of {@code settings} in {@code bucket}: plain, or encrypted with its keys.
	 * @param threadPrefix the name of the I/O threads, numbered from 1
	 * @param referenceSources the sources whose references every generation records (a live list views add to)
	 * @throws dev.buckethead.encryption.EncryptionException when the keys do not fit the snapshot key (see
	 * {@link SnapshotBucket#open})
	 */
	public static SnapshotEngine open(BucketClient bucket, Settings settings, String threadPrefix,
			List<ReferenceSource> referenceSources) {
		SnapshotBucket opened = SnapshotBucket.open(bucket, settings.engine().snapshotKey(), settings.encryption());
		return new SnapshotEngine(opened, settings, threadPrefix, referenceSources);
	}

	/** Like {@link #open}, over a snapshot key already opened; the keys of {@code settings} are not used. */
	public static SnapshotEngine over(SnapshotBucket opened, Settings settings, String threadPrefix,
			List<ReferenceSource> referenceSources) {
		return new SnapshotEngine(opened, settings, threadPrefix, referenceSources);
	}

	/** The client snapshot objects and FileStore blobs go through: the sealing one when encrypted. */
	public BucketClient bucket() {
		return bucket;
	}

	/** How content-addressed objects are named (keyed when encrypted), for FileStore. */
	public ObjectNames names() {
		return store.layout().names();
	}

	public SnapshotStore store() {
		return store;
	}

	public BranchHeads heads() {
		return heads;
	}

	public Clock clock() {
		return clock;
	}

	SnapshotReader reader() {
		return reader;
	}

	SnapshotWriter writer() {
		return writer;
	}

	ChunkCodec codec() {
		return codec;
	}

	ChainRestorer chains() {
		return chains;
	}

	ChainCompactor compactor() {
		return compactor;
	}

	/** A compactor that reads the chain through {@code chains}: a session's, which has its own steps spooled. */
	ChainCompactor compactor(ChainRestorer chains) {
		return new ChainCompactor(store, chains, codec, io, referenceSources);
	}

	List<ReferenceSource> referenceSources() {
		return referenceSources;
	}

	/** A session builder on this engine; the caller sets the branch, format and restore options, then opens it. */
	public SnapshotSession.Builder session() {
		return SnapshotSession.builder(this);
	}

	/** Garbage collection of this engine's snapshot key, keeping what its heads retain. */
	public SnapshotGc gc() {
		return new SnapshotGc(store, heads, clock);
	}

	/** Everything the retained generations need, for gc of objects outside the snapshot (FileStore blobs). */
	public RetainedGenerations retained() {
		return RetainedGenerations.read(store, heads);
	}

	@Override
	public void close() {
		io.shutdownNow();
	}

	/** Daemon threads named {@code prefix} and a number from 1: the engine's threads never keep the JVM alive. */
	public static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
		AtomicInteger counter = new AtomicInteger();
		return (runnable) -> {
			Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

}
