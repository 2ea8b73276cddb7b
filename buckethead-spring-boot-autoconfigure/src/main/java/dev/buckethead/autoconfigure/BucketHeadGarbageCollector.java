package dev.buckethead.autoconfigure;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import dev.buckethead.BucketSQLite;
import dev.buckethead.files.FileStore;
import dev.buckethead.files.GcReport;
import dev.buckethead.snapshot.SnapshotGc;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Collects the bucket's garbage every {@code buckethead.gc.interval} on a daemon thread of its own: snapshot
 * objects no branch retains ({@link BucketSQLite#collectGarbage}) older than {@code buckethead.gc.grace-period},
 * then, with {@code buckethead.gc.files}, the file store blobs nothing references ({@link FileStore#gc()}, older
 * than {@code buckethead.files.gc-grace-period}). Manifests no head retains because the head of their branch is
 * missing or unreadable are kept (and logged at WARN) unless {@code buckethead.gc.delete-headless}. The first collection runs one interval after start-up, or 10
 * minutes, whichever is shorter.
 * <p>
 * Collections never overlap: the scheduled ones run one after the other, and {@link #collectNow()} skips when one
 * is in progress. A failed scheduled collection is logged at WARN and tried again at the next interval; one that
 * deleted something is logged at INFO, otherwise at DEBUG. The file store is only collected when the live
 * database has its table, so that collecting never creates it. Stops (waiting for a collection in progress)
 * before the final flush, in {@link #PHASE}.
 */
public final class BucketHeadGarbageCollector extends ScheduledMaintenance {

	/** The longest wait for the first collection. */
	static final Duration MAX_INITIAL_DELAY = Duration.ofMinutes(10);

	private static final Log logger = LogFactory.getLog(BucketHeadGarbageCollector.class);

	private final BucketSQLite database;

	private final Supplier<FileStore> files;

	private final Duration gracePeriod;

	private final boolean collectFiles;

	private final boolean deleteHeadless;

	private final ReentrantLock collecting = new ReentrantLock();

	/** Keeps the manifests of branches whose head is missing or unreadable; see the other constructor. */
	public BucketHeadGarbageCollector(BucketSQLite database, Supplier<FileStore> files, Duration interval,
			Duration gracePeriod, boolean collectFiles) {
		this(database, files, interval, gracePeriod, collectFiles, false);
	}

	/**
	 * @param files the file store, looked up only when its table exists
	 * @param interval time between collections; zero for no scheduled collection
	 * @param gracePeriod how old an unreferenced snapshot object must be to be deleted
	 * @param collectFiles whether to collect file store blobs too
	 * @param deleteHeadless whether to delete the manifests no head retains because a head is missing or
	 * unreadable (kept and reported otherwise)
	 */
	public BucketHeadGarbageCollector(BucketSQLite database, Supplier<FileStore> files, Duration interval,
			Duration gracePeriod, boolean collectFiles, boolean deleteHeadless) {
		super(database, interval, "gc", logger);
		this.database = database;
		this.files = files;
		this.gracePeriod = gracePeriod;
		this.collectFiles = collectFiles;
		this.deleteHeadless = deleteHeadless;
	}

	/**
	 * What one collection deleted.
	 *
	 * @param snapshots the snapshot objects (manifests, chunks, reference lists)
	 * @param files the file store blobs; null when not collected (turned off, or no file store on this branch)
	 * @param duration how long the collection took
	 */
	public record Result(SnapshotGc.Report snapshots, @Nullable GcReport files, Duration duration) {

		/** Objects deleted, snapshot objects and blobs together. */
		public int deletedObjects() {
			return this.snapshots.objects() + ((this.files != null) ? this.files.deleted().size() : 0);
		}

		/** Bytes deleted, snapshot objects and blobs together. */
		public long deletedBytes() {
			return this.snapshots.bytes() + ((this.files != null) ? this.files.deletedBytes() : 0);
		}

	}

	@Override
	Duration initialDelay(Duration interval) {
		return (interval.compareTo(MAX_INITIAL_DELAY) < 0) ? interval : MAX_INITIAL_DELAY;
	}

	@Override
	void runOnce() {
		collectNow();
	}

	/**
	 * Collects now, on the calling thread, unless a collection is in progress.
	 * @return what was deleted; empty when another collection was in progress
	 * @throws RuntimeException if the collection failed (the file store is still collected when the snapshot
	 * collection failed; the first failure is thrown, the other suppressed)
	 */
	public Optional<Result> collectNow() {
		if (!this.collecting.tryLock()) {
			logger.debug("BucketHead gc skipped: a collection is in progress");
			return Optional.empty();
		}
		try {
			return Optional.of(collect());
		}
		finally {
			this.collecting.unlock();
		}
	}

	private Result collect() {
		long started = System.nanoTime();
		SnapshotGc.Report snapshots = null;
		GcReport blobs = null;
		RuntimeException failure = null;
		try {
			snapshots = this.database.collectGarbage(this.gracePeriod, false, this.deleteHeadless);
		}
		catch (RuntimeException ex) {
			failure = ex;
		}
		try {
			if (this.collectFiles && hasFileStore()) {
				blobs = this.files.get().gc();
			}
		}
		catch (RuntimeException ex) {
			if (failure == null) {
				failure = ex;
			}
			else {
				failure.addSuppressed(ex);
			}
		}
		if (failure != null) {
			throw failure;
		}
		Result result = new Result(snapshots, blobs, Duration.ofNanos(System.nanoTime() - started));
		log(result);
		return result;
	}

	private void log(Result result) {
		String files = (result.files() != null) ? result.files().deleted().size() + " file blob(s) ("
				+ result.files().deletedBytes() + " bytes)" : "no file blobs (not collected)";
		String summary = result.snapshots().objects() + " snapshot object(s) (" + result.snapshots().bytes()
				+ " bytes) and " + files + " in " + result.duration().toMillis() + " ms";
		if (result.deletedObjects() > 0) {
			logger.info("BucketHead gc deleted " + summary);
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("BucketHead gc deleted " + summary);
		}
	}

	/** Whether the live database has the file store's table (creating the view would create it). */
	private boolean hasFileStore() {
		try (Connection connection = this.database.connect();
				Statement statement = connection.createStatement();
				ResultSet rows = statement
					.executeQuery("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'filestore'")) {
			return rows.next();
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot tell whether the database has a file store: " + ex.getMessage(),
					ex);
		}
	}

}
