package dev.buckethead.replica;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.buckethead.BucketHeadException;
import dev.buckethead.snapshot.SnapshotConflictException;
import dev.buckethead.BucketSQLite;
import dev.buckethead.Views;
import dev.buckethead.bucket.CountingBucketClient;
import dev.buckethead.bucket.IoCounters;
import dev.buckethead.docs.DocStore;
import dev.buckethead.files.FileStore;
import dev.buckethead.kv.KvStore;
import dev.buckethead.live.LiveDataSource;
import dev.buckethead.live.ThreadConnections;
import dev.buckethead.snapshot.SnapshotEngine;
import dev.buckethead.snapshot.SnapshotRepository;
import dev.buckethead.view.SharedViewContext;
import dev.buckethead.view.ViewContext;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A read replica of one branch: {@link #start()} restores the branch's current state from the bucket, then a
 * timer polls every {@code pollInterval} with one request (the next step's key, 404 when nothing is new; now
 * and then a conditional GET of the head, 304 when unchanged; never a LIST) and applies new page deltas to the
 * live file atomically: a reader sees the old point or the new one, never a mix. A read transaction longer than
 * the busy timeout delays an apply (it retries at the next poll); it is never cut short.
 * <p>
 * Connections, the {@link #dataSource()} and the typed views read; every write fails with
 * {@link ReplicaReadOnlyException}. Writers should flush page deltas ({@code pageDeltas(true)}): with whole-image
 * flushes each step is a new base, which a replica restores in full (downloading it) and then loads by the pages
 * that differ.
 */
public final class BucketReplica implements AutoCloseable {

	/** Promotions retried when a still-running writer claims the next step first (each retry starts anew). */
	private static final int PROMOTE_ATTEMPTS = 5;


	private static final Logger log = LoggerFactory.getLogger(BucketReplica.class);

	private final ReplicaBuilder.Engine engine;

	private final ReplicaSettings settings;

	private final List<ReplicaListener> listeners;

	private final BucketSQLite.Builder writer;

	private final java.nio.file.@Nullable Path namedFile;

	private final CountingBucketClient bucket;

	private final Set<Connection> handedOut = ConcurrentHashMap.newKeySet();

	private volatile @Nullable Running running;

	private volatile boolean closed;

	private record Running(SnapshotRepository repository, ReplicaFollower follower,
			@Nullable ScheduledExecutorService timer, SharedViewContext views, Views typedViews) {
	}

	BucketReplica(ReplicaBuilder.Engine engine, ReplicaSettings settings, List<ReplicaListener> listeners,
			BucketSQLite.Builder writer, java.nio.file.@Nullable Path namedFile) {
		this.namedFile = namedFile;
		this.engine = engine;
		this.settings = settings;
		this.listeners = new CopyOnWriteArrayList<>(listeners);
		this.writer = writer;
		this.bucket = new CountingBucketClient(engine.bucket());
	}

	/** Restores the branch's current state (or starts empty while it has no head) and starts polling. */
	public synchronized BucketReplica start() {
		if (closed) {
			throw new BucketHeadException("This BucketReplica was closed; build a new one");
		}
		if (running != null) {
			return this;
		}
		// The writer's engine settings, its keys included: a replica reads exactly what the writer wrote.
		SnapshotEngine snapshots = SnapshotEngine.open(bucket, engine.snapshots(), "buckethead-replica-io-",
				List.of());
		SnapshotRepository repository = new SnapshotRepository(snapshots);
		ReplicaFollower follower;
		try {
			follower = new ReplicaFollower(engine.branch(), repository, engine.directory(), namedFile, settings,
					engine.busyTimeout(), engine.clock());
		}
		catch (RuntimeException ex) {
			repository.close();
			throw ex;
		}
		listeners.forEach(follower::addListener);
		SharedViewContext views = new SharedViewContext(new ThreadConnections(follower.file()::openReader),
				snapshots.bucket(), new CopyOnWriteArrayList<>(), (source) -> Set.of(), snapshots.names());
		ScheduledExecutorService timer = null;
		if (!settings.pollInterval().isZero()) {
			timer = Executors.newSingleThreadScheduledExecutor((runnable) -> {
				Thread thread = new Thread(runnable, "buckethead-replica-" + engine.branch());
				thread.setDaemon(true);
				return thread;
			});
			long interval = settings.pollInterval().toNanos();
			timer.scheduleWithFixedDelay(this::timedPoll, interval, interval, TimeUnit.NANOSECONDS);
		}
		running = new Running(repository, follower, timer, views, new Views(views, engine.kvOptions(),
				engine.jsonMapper(), engine.fileStoreOptions(), dev.buckethead.tracker.TrackerOptions.defaults(),
				null));
		ReplicaStatus status = follower.status();
		log.info("BucketHead replica of branch '{}' started at generation {} (step {}) from {}; polling every {} ms",
				engine.branch(), status.generation(), status.sequence(), bucket.describe(),
				settings.pollInterval().toMillis());
		return this;
	}

	private void timedPoll() {
		Running current = running;
		if (current == null || closed) {
			return;
		}
		try {
			current.follower().poll();
		}
		catch (RuntimeException ex) {
			log.warn("Replica poll of branch '{}' failed (the next poll tries again): {}", engine.branch(),
					ex.getMessage());
		}
	}

	/** Polls now, on the calling thread (waits for a timed poll in progress). Throws what the poll failed with. */
	public ReplicaStatus pollNow() {
		Running current = running();
		current.follower().poll();
		return current.follower().status();
	}

	/**
	 * The replica's SQLite file, for other processes to open read-only with SQLite. Not for reading in this
	 * process except through {@link #connect()}: closing any other descriptor of the file would drop the POSIX
	 * locks SQLite holds on it for this process.
	 */
	public java.nio.file.Path file() {
		return running().follower().file().file();
	}

	/** The branch followed. */
	public String branch() {
		return engine.branch();
	}

	/** What is served and how far behind it may be. Makes no request. */
	public ReplicaStatus status() {
		return running().follower().status();
	}

	/** A new read-only connection; close it when done. Writes fail with {@link ReplicaReadOnlyException}. */
	public Connection connect() {
		Connection connection = running().follower().file().openReader();
		handedOut.add(connection);
		if (handedOut.size() > 64) {
			handedOut.removeIf(BucketReplica::isClosed);
		}
		return connection;
	}

	/** A {@link javax.sql.DataSource} of read-only connections (put a pool in front for an application). */
	public javax.sql.DataSource dataSource() {
		return LiveDataSource.over(() -> running().follower().file().openReader());
	}

	/** The key-value view, reading the writer's {@code bh_kv} table. */
	public KvStore kv() {
		return running().typedViews().kv();
	}

	/** The document view, reading the writer's {@code bh_docs} table. */
	public DocStore docs() {
		return running().typedViews().docs();
	}

	/** The file view: metadata from the replica, blobs from the bucket. */
	public FileStore files() {
		return running().typedViews().files();
	}

	/** The context typed views are built on. */
	public ViewContext viewContext() {
		return running().views();
	}

	/** Requests and bytes this replica sent to the bucket, by kind of call. */
	public IoCounters ioCounters() {
		return bucket.counters();
	}

	public void addListener(ReplicaListener listener) {
		listeners.add(listener);
		Running current = running;
		if (current != null) {
			current.follower().addListener(listener);
		}
	}

	public boolean isRunning() {
		return running != null && !closed;
	}

	/**
	 * Turns this replica into the branch's writer: stops following, starts a {@link BucketSQLite} on the branch
	 * (restoring its latest state) and claims the next step at once, with the same If-None-Match create every
	 * flush uses. If the old writer is still alive, whichever of the two claims second gets a
	 * {@link dev.buckethead.snapshot.SnapshotConflictException}: the promotion fails (and the new writer is
	 * closed) if the old writer wrote first, otherwise the old writer's next flush fails. Stop the old writer
	 * first; the claim makes a mistake loud, never a silent overwrite. The claim records the promotion in table
	 * {@code bh_promotions}.
	 * @return the started writer; this replica is closed
	 */
	public synchronized BucketSQLite promote() {
		Running current = running();
		String from = current.follower().status().generation();
		closeRunning(current);
		closed = true;
		SnapshotConflictException lost = null;
		for (int attempt = 1; attempt <= PROMOTE_ATTEMPTS; attempt++) {
			try {
				return promoteOnce(from);
			}
			catch (SnapshotConflictException ex) {
				// A writer still running claimed the next step between this start's restore and its claim: start
				// again from the newer state (which now holds that writer's flush) and claim the step after it.
				lost = ex;
				log.info("BucketHead replica of branch '{}': a writer claimed the next step during the promotion "
						+ "(attempt {} of {}); restarting from the newer state", engine.branch(), attempt,
						PROMOTE_ATTEMPTS);
			}
		}
		throw lost;
	}

	/** Starts a writer on the branch's current state and claims the next step with a promotion record. */
	private BucketSQLite promoteOnce(String from) {
		BucketSQLite promoted = writer.build().start();
		try {
			try (Connection connection = promoted.connect(); Statement statement = connection.createStatement()) {
				statement.execute("CREATE TABLE IF NOT EXISTS bh_promotions (promoted_at TEXT NOT NULL, "
						+ "replica_generation TEXT)");
				try (var insert = connection.prepareStatement("INSERT INTO bh_promotions VALUES (?, ?)")) {
					insert.setString(1, Instant.now(engine.clock()).toString());
					insert.setString(2, from);
					insert.executeUpdate();
				}
			}
			promoted.forceFlush();
			log.info("BucketHead replica of branch '{}' promoted to writer at generation {}", engine.branch(),
					promoted.generation().orElse(null));
			return promoted;
		}
		catch (SQLException | RuntimeException ex) {
			try {
				promoted.close();
			}
			catch (RuntimeException suppressed) {
				ex.addSuppressed(suppressed);
			}
			throw ex instanceof RuntimeException runtime ? runtime
					: new BucketHeadException("Cannot record the promotion: " + ex.getMessage(), ex);
		}
	}

	/** Stops polling, closes every connection handed out and deletes the live file. */
	@Override
	public synchronized void close() {
		if (closed) {
			return;
		}
		closed = true;
		Running current = running;
		if (current != null) {
			closeRunning(current);
		}
		if (engine.ownsBucket()) {
			engine.bucket().close();
		}
	}

	private void closeRunning(Running current) {
		if (current.timer() != null) {
			current.timer().shutdownNow();
			try {
				current.timer().awaitTermination(engine.busyTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		current.typedViews().close();
		current.views().close();
		for (Connection connection : handedOut) {
			try {
				connection.close();
			}
			catch (SQLException ignored) {
				// Closing anyway.
			}
		}
		handedOut.clear();
		synchronized (current.follower()) {
			current.follower().close();
		}
		current.repository().close();
		running = null;
	}

	private static boolean isClosed(Connection connection) {
		try {
			return connection.isClosed();
		}
		catch (SQLException ex) {
			return true;
		}
	}

	private Running running() {
		Running current = running;
		if (current == null) {
			throw new BucketHeadException(closed ? "This BucketReplica is closed" : "Call start() first: the replica "
					+ "restores its branch from the bucket when it starts");
		}
		return current;
	}

}
