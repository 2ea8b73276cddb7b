package dev.buckethead;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.buckethead.branch.Branches;
import dev.buckethead.bucket.BucketClient;
import dev.buckethead.bucket.CountingBucketClient;
import dev.buckethead.bucket.IoCounters;
import dev.buckethead.bucket.LocalDirectoryBucketClient;
import dev.buckethead.bucket.S3BucketClient;
import dev.buckethead.config.BucketHeadSettings;
import dev.buckethead.config.EngineSettings;
import dev.buckethead.docs.DocStore;
import dev.buckethead.files.FileStore;
import dev.buckethead.encryption.KeyProvider;
import dev.buckethead.files.FileStoreOptions;
import dev.buckethead.kv.KvOptions;
import dev.buckethead.kv.KvStore;
import dev.buckethead.shares.ShareConfig;
import dev.buckethead.shares.Shares;
import dev.buckethead.tracker.LocalFileTracker;
import dev.buckethead.tracker.TrackerOptions;
import dev.buckethead.live.LiveDatabaseOptions;
import dev.buckethead.profiling.FlightRecorderListener;
import dev.buckethead.live.LiveStorage;
import dev.buckethead.live.ThreadConnections;
import dev.buckethead.live.TransactionMode;
import dev.buckethead.snapshot.CompositeSnapshotListener;
import dev.buckethead.snapshot.FlushListener;
import dev.buckethead.snapshot.FlushResult;
import dev.buckethead.snapshot.FlushTrigger;
import dev.buckethead.snapshot.OnMissingHead;
import dev.buckethead.snapshot.ReferenceSource;
import dev.buckethead.snapshot.SnapshotGc;
import dev.buckethead.snapshot.SnapshotListener;
import dev.buckethead.snapshot.RestorePoint;
import dev.buckethead.snapshot.SnapshotFormat;
import dev.buckethead.snapshot.SnapshotSession;
import dev.buckethead.snapshot.SnapshotEngine;
import dev.buckethead.view.SharedViewContext;
import dev.buckethead.view.ViewContext;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * An in-memory SQLite database made durable by snapshots to a bucket.
 * <p>
 * {@link #start()} restores the configured branch from the bucket (or starts empty), then a timer flushes
 * when, and only when, the database changed: a flush starts every {@code flushInterval} (at a fixed rate; a tick
 * that finds the previous flush still running is skipped), so a write is in the bucket at most one interval plus
 * one flush's duration after it committed. {@link #close()} flushes once more, within {@code closeTimeout}.
 * A flush uploads only the chunks that changed (see {@code docs/bucket-layout.md}). Use {@link #connect()} for
 * a connection per thread; they all see the one live database.
 *
 * <pre>{@code
 * try (BucketSQLite db = BucketSQLite.builder().bucket(client).build().start()) {
 *     try (Connection c = db.connect()) { ... }
 *     db.forceFlush();
 * }
 * }</pre>
 */
public final class BucketSQLite implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(BucketSQLite.class);

	/**
	 * 20 s for the final flush: it leaves 10 s of Kubernetes' default 30 s grace period for draining requests and
	 * exiting, and is longer than one bucket call's deadline, so a flush held up by one stuck call can still
	 * finish.
	 */
	public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(20);

	private final Builder settings;

	private final CompositeSnapshotListener listeners = new CompositeSnapshotListener();

	private final Set<Connection> handedOut = ConcurrentHashMap.newKeySet();

	private final FlushStatistics statistics;

	private final CountingBucketClient bucket;

	private volatile @Nullable Running running;

	/** The size {@link #size()} last read, or -1. */
	private volatile long lastSize = -1;

	private volatile boolean closed;

	private BucketSQLite(Builder settings) {
		this.settings = settings;
		this.statistics = new FlushStatistics(settings.clock);
		this.listeners.add(statistics);
		if (settings.flightRecorder) {
			this.listeners.add(new FlightRecorderListener());
		}
		settings.listeners.forEach(this.listeners::add);
		this.bucket = new CountingBucketClient(settings.bucket);
	}

	public static Builder builder() {
		return new Builder();
	}

	/**
	 * An engine configured like the original library's {@code BucketSQLite()}: from {@code BUCKETHEAD_*}
	 * environment variables plus {@code ~/.config/buckethead/config.toml}. Not started.
	 * @throws dev.buckethead.config.BucketHeadConfigException listing everything missing or invalid
	 */
	public static BucketSQLite fromEnvironment() {
		BucketHeadSettings env = BucketHeadSettings.fromEnvironment();
		if (!env.hasBucket()) {
			env.toBucketConfig(); // throws the one error listing what to set
		}
		return builder().settings(env).shareConfig(ShareConfig.fromSettings(env).orElse(null)).build();
	}

	/** Everything that exists only between {@link #start()} and {@link #close()}. */
	private record Running(SnapshotSession session, SnapshotEngine engine, @Nullable FlushTimer timer,
			Connection shared, SharedViewContext views, Branches branches, SnapshotGc gc, Views typedViews) {
	}

	/**
	 * Restores the database from the bucket (or creates an empty one) and starts the flush timer.
	 * @return this, for chaining
	 */
	public synchronized BucketSQLite start() {
		if (closed) {
			throw new BucketHeadException("This BucketSQLite was closed; build a new one");
		}
		if (running != null) {
			return this;
		}
		List<ReferenceSource> referenceSources = new CopyOnWriteArrayList<>(List.of(FileStore.referenceSource()));
		SnapshotEngine engine = SnapshotEngine.open(this.bucket, settings.engine(), "buckethead-io-",
				referenceSources);
		try {
			BucketClient bucket = engine.bucket();
			listeners.onRestoreStart(settings.branch);
			SnapshotSession session;
			try {
				session = engine.session()
				.pageDeltas(settings.pageDeltas)
				.chainLimits(settings.chainLimits)
				.listener(listeners)
				.branch(settings.branch, settings.defaultBranch)
				.restorePoint(settings.restorePoint)
				.fallbackToPrevious(settings.fallbackToPreviousGeneration)
				.onMissingHead(settings.onMissingHead)
				.keepSetAsideFiles(settings.keepSetAsideFiles)
				.format(settings.format)
				.open(new LiveDatabaseOptions(settings.storage, settings.directory, settings.busyTimeout));
			}
			catch (RuntimeException ex) {
				listeners.onRestoreError(settings.branch, ex);
				throw ex;
			}
			try {
				return started(engine, session, bucket, referenceSources);
			}
			catch (RuntimeException ex) {
				closeAfterFailedStart(session);
				throw ex;
			}
		}
		catch (RuntimeException ex) {
			engine.close();
			throw ex;
		}
	}

	/**
	 * Lets go of a session whose start failed after it opened (views, connections, timer), so the live file is
	 * not held locked by this JVM; content the bucket lacks (an adopted file whose flush failed) is kept for the
	 * next start to adopt.
	 */
	private static void closeAfterFailedStart(SnapshotSession session) {
		try {
			if (session.isDirty()) {
				Path kept = session.live().preserveOnClose();
				log.error("BucketHead did not start; the live database holds writes the bucket lacks and is kept at {}"
						+ ": the next start adopts it", kept);
			}
			session.close();
		}
		catch (RuntimeException closing) {
			log.warn("Closing the live database after a failed start failed too: {}", closing.getMessage());
		}
	}

	private BucketSQLite started(SnapshotEngine engine, SnapshotSession session, BucketClient bucket,
			List<ReferenceSource> referenceSources) {
		SnapshotSession.RestoreReport report = session.restoreReport();
		listeners.onRestoreComplete(report);
		log.info("BucketHead started branch '{}' from {} in {} ms ({} bytes downloaded) on {}; live database: {}",
				report.branch(), report.source(), report.duration().toMillis(), report.bytesDownloaded(),
				bucket.describe(), session.live().describe());
		if (report.adoptedLiveFile()) {
			flushAdopted(session);
		}
		SharedViewContext views = new SharedViewContext(
				new ThreadConnections(() -> session.live().open(TransactionMode.IMMEDIATE)), bucket, referenceSources,
				(source) -> engine.retained().referencedKeys(source), engine.names());
		Branches branches = session.branches(views::databaseReplaced, listeners);
		Views typed = new Views(views, settings.kvOptions, settings.jsonMapper, settings.fileStoreOptions,
				settings.trackerOptions, settings.shareConfig);
		Connection shared = session.live().open();
		// Last, so that nothing after it can fail: a timer started by a failed start would flush a closed session.
		// A tick before `running` is set finds nothing to flush; the first comes one interval from now anyway.
		FlushTimer timer = settings.flushInterval.isZero() ? null
				: FlushTimer.every(settings.flushInterval, this::timedFlush);
		running = new Running(session, engine, timer, shared, views, branches, engine.gc(), typed);
		return this;
	}

	/**
	 * The adopted file holds writes the bucket does not have: flush them now rather than at the next interval. A
	 * failure leaves them in the live file, dirty, for the timer to retry; the start goes on.
	 */
	private void flushAdopted(SnapshotSession session) {
		try {
			FlushResult result = session.flush(FlushTrigger.RECOVERY);
			log.info("BucketHead flushed the adopted live file as generation {}", result.generation());
		}
		catch (RuntimeException ex) {
			log.warn("Flushing the adopted live file failed ({}); its writes stay in the live database and the next "
					+ "flush tries again", ex.getMessage());
		}
	}

	private void timedFlush() {
		Running current = running;
		if (current == null || closed) {
			return;
		}
		try {
			current.session().flush(FlushTrigger.INTERVAL);
		}
		catch (RuntimeException ex) {
			// Listeners have seen the error; keep the timer alive for the next attempt.
			log.warn("Scheduled BucketHead flush failed ({} in a row): {}", statistics.consecutiveFailures(),
					ex.getMessage());
		}
	}

	/**
	 * One connection shared by all callers, like the original library's {@code bh.connection}. Do not close it.
	 * For concurrent use prefer {@link #connect()}: one connection per thread.
	 */
	public Connection connection() {
		return running().shared();
	}

	/**
	 * The live database's size in bytes (page count × page size): local only, no bucket request, and it never
	 * waits for a branch switch (it answers the size last read while one replaces the content). Empty when the
	 * database is not running or its size could not be read yet. For gauges and status pages.
	 */
	public java.util.OptionalLong size() {
		Running current = running;
		if (current == null) {
			return java.util.OptionalLong.empty();
		}
		dev.buckethead.live.LiveDatabase live = current.session().live();
		live.gate().ifOpen(() -> readSize(live)).filter((bytes) -> bytes >= 0).ifPresent((bytes) -> lastSize = bytes);
		long known = lastSize;
		return known < 0 ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(known);
	}

	private static long readSize(dev.buckethead.live.LiveDatabase live) {
		try (Connection connection = live.open(); java.sql.Statement statement = connection.createStatement();
				java.sql.ResultSet rows = statement
					.executeQuery("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()")) {
			return rows.next() ? rows.getLong(1) : -1;
		}
		catch (SQLException | RuntimeException ex) {
			return -1;
		}
	}

	/**
	 * Opens a new connection to the live database; close it when done. Every connection sees the same data;
	 * use one per thread. Connections still open at {@link #close()} are closed then.
	 */
	public Connection connect() {
		Connection connection = running().session().live().open();
		handedOut.add(connection);
		if (handedOut.size() > 64) {
			handedOut.removeIf(BucketSQLite::isClosed);
		}
		return connection;
	}

	/**
	 * A {@link javax.sql.DataSource} over the live database: a new connection per call, transactions begin
	 * IMMEDIATE. Put a pool in front of it for an application (the Spring Boot starter does).
	 */
	public javax.sql.DataSource dataSource() {
		return new dev.buckethead.live.LiveDataSource(() -> running().session().live());
	}

	/**
	 * Flushes now if the database changed since the last flush, on the calling thread.
	 * @return what the flush did ({@link FlushResult#skipped()} when nothing had changed)
	 */
	public FlushResult forceFlush() {
		return running().session().flush(FlushTrigger.MANUAL);
	}

	/** The key-value view ({@code bh_kv} table), created on first use. */
	public KvStore kv() {
		return running().typedViews().kv();
	}

	/** The JSON document view ({@code bh_docs} table) with Mongo-style filters, created on first use. */
	public DocStore docs() {
		return running().typedViews().docs();
	}

	/**
	 * The content-addressed file view: blobs in the bucket under {@code files/bh-<sha256>}, metadata in the
	 * {@code filestore} table. Created on first use.
	 */
	public FileStore files() {
		return running().typedViews().files();
	}

	/**
	 * Keeps local files in sync with FileStore blobs and keeps every version (tables {@code bh_tracked_*},
	 * {@code bh_file_versions}): the original library's {@code LocalFileTracker}. Created on first use.
	 */
	public LocalFileTracker tracker() {
		return running().typedViews().tracker();
	}

	/**
	 * Share links for FileStore blobs, through the separate share bucket.
	 * @throws dev.buckethead.shares.SharesNotConfiguredException when no share bucket is configured (the message
	 * says how to configure one)
	 */
	public Shares shares() {
		return running().typedViews().shares();
	}

	/**
	 * Deletes snapshot objects no branch needs any more (manifests beyond every branch's retained generations,
	 * and the chunks only they used) that are older than {@code grace}.
	 * @param dryRun report what would be deleted, delete nothing
	 */
	public SnapshotGc.Report collectGarbage(Duration grace, boolean dryRun) {
		return collectGarbage(grace, dryRun, false);
	}

	/**
	 * Like {@link #collectGarbage(Duration, boolean)}; with {@code deleteHeadless} it also deletes the manifests no
	 * head retains because the head of their branch is missing or unreadable (and the chunks only they use),
	 * which it otherwise keeps and reports.
	 */
	public SnapshotGc.Report collectGarbage(Duration grace, boolean dryRun, boolean deleteHeadless) {
		return running().gc().collect(grace, dryRun, deleteHeadless);
	}

	/** Named branches of this database in the bucket. */
	public Branches branches() {
		return running().branches();
	}

	/** The branch the live database belongs to. */
	public String branch() {
		return running().session().branch();
	}

	/** The generation last flushed or restored; empty before the first flush of a new database. */
	public Optional<String> generation() {
		return running().session().generation();
	}

	/** The generations of the current branch kept in the bucket, newest first. */
	public List<String> retainedGenerations() {
		return running().session().retainedGenerations();
	}

	/** What the start restored: the generation, where from, and whether it is not the head's (fallback). */
	public SnapshotSession.RestoreReport restoreReport() {
		return running().session().restoreReport();
	}

	/** Whether the database changed since the last flush. Makes no bucket request. */
	public boolean isDirty() {
		return running().session().isDirty();
	}

	/** Flush counters and the last result or error. */
	public FlushStatistics statistics() {
		return statistics;
	}

	/**
	 * Adds a listener to every later flush; a {@link SnapshotListener} also hears restores (call before
	 * {@link #start()}) and branch switches.
	 */
	public void addFlushListener(FlushListener listener) {
		listeners.add(listener);
	}

	/** The context typed views are built on; see {@link dev.buckethead.view.View}. */
	public ViewContext viewContext() {
		return running().views();
	}

	/** The bucket, as given to the builder. */
	public BucketClient bucket() {
		return settings.bucket;
	}

	/**
	 * Requests and bytes this engine sent to the bucket, by kind of call (the original library's
	 * {@code io_counters}); {@link IoCounters#toJson()} gives its JSON summary.
	 */
	public IoCounters ioCounters() {
		return bucket.counters();
	}

	public boolean isRunning() {
		return running != null && !closed;
	}

	/**
	 * Stops the timer, flushes a last time, closes every connection and deletes the live files; the final flush
	 * may take at most the builder's {@code closeTimeout}. See {@link #close(Duration)}.
	 */
	@Override
	public void close() {
		close(settings.closeTimeout);
	}

	/**
	 * Stops the timer, flushes a last time, closes every connection and deletes the live files. The final flush
	 * (which first waits for a timed flush in progress) may take at most {@code deadline}: if it fails, or has not
	 * finished by then, the live database is kept on disk, its path logged on one line, and the failure rethrown;
	 * a flush still waiting on the bucket is abandoned (interrupted; its bucket calls end by their own deadlines).
	 * Either way this returns soon after {@code deadline}.
	 */
	public synchronized void close(Duration deadline) {
		if (closed) {
			return;
		}
		closed = true;
		Running current = running;
		if (current == null) {
			closeOwnedBucket();
			return;
		}
		if (current.timer() != null) {
			current.timer().stop();
		}
		RuntimeException failure = finalFlush(current, deadline);
		current.typedViews().close();
		current.views().close();
		closeQuietly(current.shared());
		handedOut.forEach(BucketSQLite::closeQuietly);
		handedOut.clear();
		current.session().close();
		current.engine().close();
		closeOwnedBucket();
		running = null;
		if (failure != null) {
			throw failure;
		}
	}

	/**
	 * Runs the final flush on a thread of its own, so that waiting for it can end at {@code deadline}; returns
	 * null when it succeeded, else the failure, after keeping the live database.
	 */
	private @Nullable RuntimeException finalFlush(Running current, Duration deadline) {
		FutureTask<FlushResult> flush = new FutureTask<>(() -> current.session().flush(FlushTrigger.SHUTDOWN));
		Thread flusher = SnapshotEngine.daemonThreads("buckethead-final-flush-").newThread(flush);
		flusher.start();
		RuntimeException failure;
		String what;
		try {
			flush.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
			return null;
		}
		catch (ExecutionException ex) {
			failure = (ex.getCause() instanceof RuntimeException runtime) ? runtime
					: new BucketHeadException("The final flush failed: " + ex.getCause(), ex.getCause());
			what = "failed (" + failure.getMessage() + ")";
		}
		catch (TimeoutException ex) {
			abandon(flush, current);
			what = "did not finish within " + deadline.toMillis() + " ms (" + pendingReason() + ")";
			failure = new BucketHeadException("The final flush " + what + "; it was abandoned");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			abandon(flush, current);
			what = "was interrupted";
			failure = new BucketHeadException("The final flush was interrupted; it was abandoned", ex);
		}
		Path kept = current.session().live().preserveOnClose();
		log.error("BucketHead's final flush {}; the unflushed database is kept at {}: the next start on this machine "
				+ "adopts it while the branch's head has not moved, else sets it aside for `buckethead import {}`",
				what, kept, kept);
		return failure;
	}

	/** Interrupts the final flush and a timed flush still running: shutting down does not wait for them. */
	private static void abandon(FutureTask<FlushResult> flush, Running current) {
		flush.cancel(true);
		if (current.timer() != null) {
			current.timer().abandon();
		}
	}

	/** Why the final flush may still be running, for the one line that says it was abandoned. */
	private String pendingReason() {
		Throwable last = statistics.lastError();
		return statistics.consecutiveFailures() > 0 && last != null ? "the last flush failed: " + last.getMessage()
				: "the bucket did not answer in time";
	}

	private void closeOwnedBucket() {
		if (settings.ownsBucket) {
			settings.bucket.close();
		}
	}

	private Running running() {
		Running current = running;
		if (current == null) {
			throw new BucketHeadException(closed ? "This BucketSQLite is closed" : "Call start() first: the database "
					+ "is restored from the bucket when BucketSQLite starts");
		}
		return current;
	}

	private static boolean isClosed(Connection connection) {
		try {
			return connection.isClosed();
		}
		catch (SQLException ex) {
			return true;
		}
	}

	private static void closeQuietly(Connection connection) {
		try {
			connection.close();
		}
		catch (SQLException ignored) {
			// Shutting down.
		}
	}

	/** Configures a {@link BucketSQLite}. Every setting has a default except the bucket. */
	public static final class Builder {

		/** Refuse to start over a branch whose head is missing but whose data is in the bucket. */
		public static final OnMissingHead DEFAULT_ON_MISSING_HEAD = OnMissingHead.FAIL;

		/** Live files that were not adopted, kept in the live directory's {@code set-aside} folder. */
		public static final int DEFAULT_KEEP_SET_ASIDE_FILES = EngineSettings.DEFAULT_KEEP_SET_ASIDE_FILES;

		/**
		 * Page deltas on: a flush of a small change is one PUT of the changed pages instead of every changed chunk
		 * (500 MB, 1 % of rows changed at random: 1.9 % of the database sent instead of 48 %, 0.53 × Litestream's
		 * bytes; docs/benchmarks.md, table 9a).
		 */
		public static final boolean DEFAULT_PAGE_DELTAS = true;

		private BucketClient bucket;

		private boolean ownsBucket;

		private String snapshotKey = EngineSettings.DEFAULT_SNAPSHOT_KEY;

		private String branch = EngineSettings.DEFAULT_BRANCH;

		private String defaultBranch = EngineSettings.DEFAULT_BRANCH;

		private Duration flushInterval = EngineSettings.DEFAULT_FLUSH_INTERVAL;

		private int keepGenerations = EngineSettings.DEFAULT_KEEP_GENERATIONS;

		private boolean pageDeltas = DEFAULT_PAGE_DELTAS;

		private dev.buckethead.snapshot.ChainLimits chainLimits = dev.buckethead.snapshot.ChainLimits.DEFAULTS;

		/** Null until set: then it follows pageDeltas ({@link #retentionPolicy()}). */
		private dev.buckethead.snapshot.@Nullable RetentionPolicy retention;

		private LiveStorage storage = LiveStorage.FILE;

		private Path directory = LiveDatabaseOptions.defaultDirectory();

		private Duration busyTimeout = EngineSettings.DEFAULT_BUSY_TIMEOUT;

		private Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;

		private int chunkSize = EngineSettings.DEFAULT_CHUNK_SIZE;

		private int compressionLevel = EngineSettings.DEFAULT_COMPRESSION_LEVEL;

		private int ioThreads = EngineSettings.DEFAULT_IO_THREADS;

		private RestorePoint restorePoint = RestorePoint.latest();

		private boolean fallbackToPreviousGeneration;

		private SnapshotFormat format = SnapshotFormat.INCREMENTAL;

		private OnMissingHead onMissingHead = DEFAULT_ON_MISSING_HEAD;

		private int keepSetAsideFiles = DEFAULT_KEEP_SET_ASIDE_FILES;

		private boolean flightRecorder;

		private final List<FlushListener> listeners = new ArrayList<>();

		private Clock clock = Clock.systemUTC();

		private KvOptions kvOptions = KvOptions.defaults();

		private JsonMapper jsonMapper = JsonMapper.builder().build();

		private FileStoreOptions fileStoreOptions = FileStoreOptions.defaults();

		private TrackerOptions trackerOptions = TrackerOptions.defaults();

		private @Nullable ShareConfig shareConfig;

		private @Nullable KeyProvider encryption;

		private Builder() {
		}

		/**
		 * Applies the original library's settings: {@code BUCKETHEAD_*} variables and the {@code [env]} table
		 * of {@code ~/.config/buckethead/config.toml} (see {@link BucketHeadSettings}). Configures the S3 bucket
		 * when one is set, else leaves the bucket unset.
		 */
		public Builder settings(BucketHeadSettings env) {
			if (env.hasBucket()) {
				this.bucket = new S3BucketClient(env.toBucketConfig());
				this.ownsBucket = true;
			}
			env.snapshotKey().ifPresent(this::snapshotKey);
			env.snapshotBranch().ifPresent(this::branch);
			env.snapshotInterval().ifPresent(this::flushInterval);
			env.snapshotKeepGenerations().ifPresent(this::keepGenerations);
			env.databaseStorage().ifPresent(this::storage);
			env.databaseDirectory().ifPresent(this::directory);
			env.snapshotOnMissingHead().ifPresent(this::onMissingHead);
			env.databaseKeepSetAsideFiles().ifPresent(this::keepSetAsideFiles);
			env.encryptionKeys().ifPresent(this::encryption);
			return this;
		}

		/** Sets every one of the engine's settings at once (see {@link EngineSettings}). */
		public Builder engineSettings(EngineSettings settings) {
			this.snapshotKey = settings.snapshotKey();
			this.branch = settings.branch();
			this.flushInterval = settings.flushInterval();
			this.keepGenerations = settings.keepGenerations();
			this.chunkSize = settings.chunkSize();
			this.compressionLevel = settings.compressionLevel();
			this.ioThreads = settings.ioThreads();
			this.busyTimeout = settings.busyTimeout();
			this.keepSetAsideFiles = settings.keepSetAsideFiles();
			return this;
		}

		/** The Jackson mapper {@link #docs()} uses to map documents to your classes (Spring passes its own). */
		public Builder jsonMapper(JsonMapper jsonMapper) {
			this.jsonMapper = jsonMapper;
			return this;
		}

		/** Options of {@link #tracker()}. */
		public Builder trackerOptions(TrackerOptions trackerOptions) {
			this.trackerOptions = trackerOptions;
			return this;
		}

		/** The share bucket for {@link #shares()}; without one, {@code shares()} says how to configure it. */
		public Builder shareConfig(@Nullable ShareConfig shareConfig) {
			this.shareConfig = shareConfig;
			return this;
		}

		/**
		 * Encrypts everything stored in the bucket (snapshots and FileStore blobs) with the provider's keys:
		 * AES-256-GCM bodies, keyed object names, see {@code docs/encryption.md}. Null (default): plain. A snapshot
		 * key is either encrypted or plain for good; a start with the other setting is refused.
		 */
		public Builder encryption(@Nullable KeyProvider keys) {
			this.encryption = keys;
			return this;
		}

		/** Options of {@link #files()}: object prefix, gc grace period. */
		public Builder fileStoreOptions(FileStoreOptions fileStoreOptions) {
			this.fileStoreOptions = fileStoreOptions;
			return this;
		}

		/** Options of {@link #kv()}: maximum value size, clock. */
		public Builder kvOptions(KvOptions kvOptions) {
			this.kvOptions = kvOptions;
			return this;
		}

		/** The bucket to snapshot to. The caller keeps ownership: {@link BucketSQLite#close()} leaves it open. */
		public Builder bucket(BucketClient bucket) {
			this.bucket = bucket;
			this.ownsBucket = false;
			return this;
		}

		/** Snapshots to a local directory (development, tests, the sample app). */
		public Builder localDirectory(Path directory) {
			this.bucket = new LocalDirectoryBucketClient(directory);
			this.ownsBucket = true;
			return this;
		}

		/** The snapshot key; the incremental layout lives under {@code <key>.bh/}. Default {@code buckethead.db}. */
		public Builder snapshotKey(String snapshotKey) {
			this.snapshotKey = snapshotKey;
			return this;
		}

		/** The branch to restore and write. Default {@code main}. */
		public Builder branch(String branch) {
			this.branch = branch;
			return this;
		}

		/**
		 * How often a flush starts when the database changed, counted from one flush's start to the next (a flush
		 * still running at the next tick makes the timer skip that tick); {@link Duration#ZERO} turns the timer
		 * off. Default 10 s.
		 */
		public Builder flushInterval(Duration flushInterval) {
			this.flushInterval = flushInterval;
			return this;
		}

		/**
		 * Whether flushes of {@link LiveStorage#FILE} storage write page deltas (the changed pages, one PUT for a
		 * small change) between whole-image bases; {@link LiveStorage#MEMORY} storage always writes bases. Each flush is a point
		 * restorable "as of" its time (see retention). Default
		 * {@value #DEFAULT_PAGE_DELTAS}; off, every flush uploads the chunks that changed, as before page deltas.
		 */
		public Builder pageDeltas(boolean pageDeltas) {
			this.pageDeltas = pageDeltas;
			return this;
		}

		/** How long a chain of page deltas grows before a base, and how far the head lags; see ChainLimits. */
		public Builder chainLimits(dev.buckethead.snapshot.ChainLimits chainLimits) {
			this.chainLimits = java.util.Objects.requireNonNull(chainLimits, "chainLimits");
			return this;
		}

		/** The chain limits in effect: as set, else ChainLimits.DEFAULTS. */
		public dev.buckethead.snapshot.ChainLimits chainLimits() {
			return this.chainLimits;
		}

		/**
		 * Which points (flushes) stay restorable as they age, on top of the newest keepGenerations bases (the two
		 * combine as a union). Unless set: with page deltas, RetentionPolicy.DEFAULTS (every point for an hour, one
		 * an hour for a day, one a day for a week: each point is a small delta); without, RetentionPolicy.NONE
		 * (every point would be a whole base, so only the newest keepGenerations are kept, as before).
		 */
		public Builder retention(dev.buckethead.snapshot.RetentionPolicy retention) {
			this.retention = java.util.Objects.requireNonNull(retention, "retention");
			return this;
		}

		/** The retention in effect: as set, else as {@link #retention} says it follows page deltas. */
		public dev.buckethead.snapshot.RetentionPolicy retentionPolicy() {
			if (retention != null) {
				return retention;
			}
			return pageDeltas ? dev.buckethead.snapshot.RetentionPolicy.DEFAULTS
					: dev.buckethead.snapshot.RetentionPolicy.NONE;
		}

		/** Bases kept per branch whatever their age, for restore "as of" (with the retention policy's). Default 10. */
		public Builder keepGenerations(int keepGenerations) {
			this.keepGenerations = keepGenerations;
			return this;
		}

		public Builder storage(LiveStorage storage) {
			this.storage = storage;
			return this;
		}

		/** Directory for the live database file and scratch files. Default {@code /dev/shm/buckethead}. */
		public Builder directory(Path directory) {
			this.directory = directory;
			return this;
		}

		public Builder busyTimeout(Duration busyTimeout) {
			this.busyTimeout = busyTimeout;
			return this;
		}

		/**
		 * The longest {@link BucketSQLite#close()} waits for the final flush before keeping the live database on
		 * disk instead. Default {@link BucketSQLite#DEFAULT_CLOSE_TIMEOUT} (20 s).
		 */
		public Builder closeTimeout(Duration closeTimeout) {
			this.closeTimeout = closeTimeout;
			return this;
		}

		/**
		 * Snapshot chunk size in bytes, a power of two. Default 1 MiB. Each flush keeps up to {@code 2 x ioThreads}
		 * chunk buffers and one compression buffer per I/O thread between flushes (about 24 MiB at the defaults).
		 */
		public Builder chunkSize(int chunkSize) {
			this.chunkSize = chunkSize;
			return this;
		}

		/** zstd level for chunks. Default 1. */
		public Builder compressionLevel(int compressionLevel) {
			this.compressionLevel = compressionLevel;
			return this;
		}

		/** Parallel chunk uploads and downloads. Default 8. */
		public Builder ioThreads(int ioThreads) {
			this.ioThreads = ioThreads;
			return this;
		}

		/** Restore an older generation instead of the latest. */
		public Builder restorePoint(RestorePoint restorePoint) {
			this.restorePoint = restorePoint;
			return this;
		}

		/** When the latest generation is damaged, restore the newest sound one instead of failing. */
		public Builder fallbackToPreviousGeneration(boolean fallback) {
			this.fallbackToPreviousGeneration = fallback;
			return this;
		}

		/**
		 * What a start does when the branch has no head although the bucket holds its data (manifests of the
		 * branch): {@link OnMissingHead#FAIL} (default) refuses, naming the newest manifest;
		 * {@link OnMissingHead#RECOVER_NEWEST} starts from the newest one that verifies and writes the head again.
		 * A branch the bucket holds nothing of always starts empty.
		 */
		public Builder onMissingHead(OnMissingHead onMissingHead) {
			this.onMissingHead = onMissingHead;
			return this;
		}

		/**
		 * How many live files a start did not adopt (left by a dead process while the head moved on, failing
		 * {@code quick_check}, or of another branch) to keep in {@code <directory>/set-aside}; the oldest beyond
		 * this are deleted, each logged. At least 1. Default 5.
		 */
		public Builder keepSetAsideFiles(int keepSetAsideFiles) {
			this.keepSetAsideFiles = keepSetAsideFiles;
			return this;
		}

		/**
		 * {@link SnapshotFormat#INCREMENTAL} (default) or {@link SnapshotFormat#PLAIN}, the original library's
		 * single SQLite object (every flush uploads everything; no branches).
		 */
		public Builder format(SnapshotFormat format) {
			this.format = format;
			return this;
		}

		/**
		 * Emits Java Flight Recorder events for flushes and restores (category BucketHead), for profiling with
		 * the JDK's recorder. Off by default.
		 */
		public Builder flightRecorder(boolean enabled) {
			this.flightRecorder = enabled;
			return this;
		}

		/** Adds a flush listener; a {@link SnapshotListener} also hears restores and branch switches. */
		public Builder listener(FlushListener listener) {
			this.listeners.add(listener);
			return this;
		}

		public Builder clock(Clock clock) {
			this.clock = clock;
			return this;
		}

		/**
		 * Makes this a read replica of {@code branch} instead of its writer: the replica restores the branch and
		 * follows it read-only (see {@link dev.buckethead.replica.BucketReplica}). The settings made so far
		 * (bucket, snapshot key, encryption keys, directory, ...) carry over; this builder is kept for
		 * {@link dev.buckethead.replica.BucketReplica#promote()}.
		 */
		public dev.buckethead.replica.ReplicaBuilder replicaOf(String branch) {
			branch(branch);
			return new dev.buckethead.replica.ReplicaBuilder(this, new dev.buckethead.replica.ReplicaBuilder.Engine(
					bucket, ownsBucket, engine(), branch, directory, kvOptions, jsonMapper,
					fileStoreOptions));
		}

		/** The engine's settings as set so far. */
		EngineSettings engineSettings() {
			return new EngineSettings(snapshotKey, branch, flushInterval, keepGenerations, chunkSize, compressionLevel,
					ioThreads, busyTimeout, keepSetAsideFiles);
		}

		/** What the snapshot engine of this database and of its replicas is built from. */
		SnapshotEngine.Settings engine() {
			return new SnapshotEngine.Settings(engineSettings(), encryption, retentionPolicy(), clock);
		}

		/** Checks every setting and lists all problems at once. */
		public BucketSQLite build() {
			List<String> problems = new ArrayList<>();
			if (bucket == null) {
				problems.add("no bucket: call bucket(BucketClient) or localDirectory(Path)");
			}
			engineSettings().problems()
				.forEach((problem) -> problems.add(problem.toString()));
			if (closeTimeout == null || closeTimeout.isNegative() || closeTimeout.isZero()) {
				problems.add("closeTimeout must be positive, got " + closeTimeout);
			}
			if (storage == null || directory == null) {
				problems.add("storage and directory must be set");
			}
			if (onMissingHead == null) {
				problems.add("onMissingHead must be set (FAIL or RECOVER_NEWEST)");
			}
			if (!problems.isEmpty()) {
				throw new dev.buckethead.config.BucketHeadConfigException(problems);
			}
			return new BucketSQLite(this);
		}

	}

}
