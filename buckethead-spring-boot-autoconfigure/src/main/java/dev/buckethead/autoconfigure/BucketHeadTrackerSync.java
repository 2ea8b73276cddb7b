package dev.buckethead.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import dev.buckethead.BucketSQLite;
import dev.buckethead.tracker.LocalFileTracker;
import dev.buckethead.tracker.PathFilter;
import dev.buckethead.tracker.SyncReport;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * Tracks {@code buckethead.tracker.paths} when the context starts and, with {@code buckethead.tracker.sync-interval}
 * set, syncs every tracked path (those tracked in code too) on a daemon thread of its own: the first sync right
 * after start-up, each next one an interval after the previous one ended, so syncs never overlap.
 * <p>
 * Each sync logs a one-line summary at DEBUG; files it could not sync, and a sync that failed, are logged at WARN
 * and tried again at the next sync. Stops (waiting for a sync in progress) before the final flush, in
 * {@link #PHASE}, so that every version a sync recorded is in it and no sync races the shutdown.
 */
public final class BucketHeadTrackerSync implements SmartLifecycle {

	/** Stops before {@link BucketHeadFlushLifecycle#PHASE}, the final flush. */
	public static final int PHASE = BucketHeadFlushLifecycle.PHASE + 512;

	private static final Log logger = LogFactory.getLog(BucketHeadTrackerSync.class);

	private final BucketSQLite database;

	private final Supplier<LocalFileTracker> tracker;

	private final List<Path> paths;

	private final PathFilter filter;

	private final @Nullable Duration interval;

	private final MaintenanceThread thread = new MaintenanceThread("buckethead-tracker-sync", logger);

	private volatile boolean running;

	/**
	 * @param tracker the tracker, looked up when the context starts (after database initialization)
	 * @param interval time between syncs; null or zero for no scheduled sync
	 */
	public BucketHeadTrackerSync(BucketSQLite database, Supplier<LocalFileTracker> tracker, List<Path> paths,
			PathFilter filter, @Nullable Duration interval) {
		this.database = database;
		this.tracker = tracker;
		this.paths = List.copyOf(paths);
		this.filter = filter;
		this.interval = (interval != null && !interval.isNegative() && !interval.isZero()) ? interval : null;
	}

	@Override
	public void start() {
		if (this.running) {
			return;
		}
		if (!this.paths.isEmpty()) {
			LocalFileTracker tracker = this.tracker.get();
			for (Path path : this.paths) {
				tracker.track(path, this.filter);
			}
			logger.info("BucketHead tracks " + this.paths.size() + " path(s)" + ((this.interval != null)
					? ", synced every " + this.interval : " (buckethead.tracker.sync-interval unset: no scheduled sync)"));
		}
		if (this.interval != null) {
			this.thread.schedule(this::scheduledSync, Duration.ZERO, this.interval);
		}
		this.running = true;
	}

	/**
	 * Syncs every tracked path now, on the calling thread (after a sync in progress, if any).
	 * @return what the sync found
	 */
	public SyncReport syncNow() {
		long started = System.nanoTime();
		SyncReport report = this.tracker.get().sync();
		long millis = (System.nanoTime() - started) / 1_000_000;
		if (report.hasErrors()) {
			logger.warn("BucketHead tracker sync could not sync " + report.errors().size()
					+ " file(s), trying again next sync: " + report.errors());
		}
		if (logger.isDebugEnabled()) {
			logger.debug("BucketHead tracker sync in " + millis + " ms: " + report.added().size() + " added, "
					+ report.changed().size() + " changed, " + report.unchanged().size() + " unchanged, "
					+ report.missing().size() + " missing, " + report.skipped().size() + " skipped, "
					+ report.errors().size() + " errors");
		}
		return report;
	}

	private void scheduledSync() {
		if (!this.database.isRunning()) {
			return;
		}
		try {
			syncNow();
		}
		catch (RuntimeException ex) {
			logger.warn("BucketHead tracker sync failed, trying again in " + this.interval + ": " + ex.getMessage());
		}
	}

	/** Time between scheduled syncs; null when there is no scheduled sync. */
	public @Nullable Duration getInterval() {
		return this.interval;
	}

	/** Whether syncs are scheduled (they are between start and stop when an interval is set). */
	public boolean isScheduled() {
		return this.thread.isScheduled();
	}

	@Override
	public void stop() {
		this.running = false;
		this.thread.stop();
	}

	@Override
	public void stop(Runnable callback) {
		this.running = false;
		this.thread.stop(callback);
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
