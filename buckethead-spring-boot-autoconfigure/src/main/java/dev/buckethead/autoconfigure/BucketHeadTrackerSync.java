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

/**
 * Tracks {@code buckethead.tracker.paths} when the context starts and, with {@code buckethead.tracker.sync-interval}
 * set, syncs every tracked path (those tracked in code too) on a daemon thread of its own: the first sync right
 * after start-up, each next one an interval after the previous one ended, so syncs never overlap.
 * <p>
 * Each sync logs a one-line summary at DEBUG; files it could not sync, and a sync that failed, are logged at WARN
 * and tried again at the next sync. Stops (waiting for a sync in progress) before the final flush, in
 * {@link #PHASE}, so that every version a sync recorded is in it and no sync races the shutdown.
 */
public final class BucketHeadTrackerSync extends ScheduledMaintenance {

	private static final Log logger = LogFactory.getLog(BucketHeadTrackerSync.class);

	private final Supplier<LocalFileTracker> tracker;

	private final List<Path> paths;

	private final PathFilter filter;

	/**
	 * @param tracker the tracker, looked up when the context starts (after database initialization)
	 * @param interval time between syncs; null or zero for no scheduled sync
	 */
	public BucketHeadTrackerSync(BucketSQLite database, Supplier<LocalFileTracker> tracker, List<Path> paths,
			PathFilter filter, @Nullable Duration interval) {
		super(database, interval, "tracker sync", logger);
		this.tracker = tracker;
		this.paths = List.copyOf(paths);
		this.filter = filter;
	}

	@Override
	void beforeScheduling() {
		if (!this.paths.isEmpty()) {
			LocalFileTracker tracker = this.tracker.get();
			for (Path path : this.paths) {
				tracker.track(path, this.filter);
			}
			logger.info("BucketHead tracks " + this.paths.size() + " path(s)" + ((getInterval() != null)
					? ", synced every " + getInterval() : " (buckethead.tracker.sync-interval unset: no scheduled sync)"));
		}
	}

	@Override
	Duration initialDelay(Duration interval) {
		return Duration.ZERO;
	}

	@Override
	void runOnce() {
		syncNow();
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

}
