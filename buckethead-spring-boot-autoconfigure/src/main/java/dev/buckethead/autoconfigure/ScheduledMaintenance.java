package dev.buckethead.autoconfigure;

import java.time.Duration;

import dev.buckethead.BucketSQLite;
import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * Periodic maintenance of the database (tracker sync, gc) on a daemon thread of its own, started with the
 * context and stopped before the final flush ({@link #PHASE}), waiting for a run in progress. A failed
 * scheduled run is logged at WARN and tried again at the next interval; runs stop once the database is closed.
 */
abstract class ScheduledMaintenance implements SmartLifecycle {

	/** Stops before {@link BucketHeadFlushLifecycle#PHASE}, the final flush. */
	public static final int PHASE = BucketHeadFlushLifecycle.PHASE + 512;

	private final BucketSQLite database;

	private final @Nullable Duration interval;

	private final String what;

	private final Log logger;

	private final MaintenanceThread thread;

	private volatile boolean running;

	/**
	 * @param what what a run does, for log lines ("gc", "tracker sync")
	 * @param interval time between runs; null, zero or negative for no scheduled run
	 */
	ScheduledMaintenance(BucketSQLite database, @Nullable Duration interval, String what, Log logger) {
		this.database = database;
		this.interval = (interval != null && !interval.isNegative() && !interval.isZero()) ? interval : null;
		this.what = what;
		this.logger = logger;
		this.thread = new MaintenanceThread("buckethead-" + what.replace(' ', '-'), logger);
	}

	/** Runs once, on the calling thread; throws when the run failed. */
	abstract void runOnce();

	/** How long after start-up the first scheduled run happens. */
	abstract Duration initialDelay(Duration interval);

	/** Runs at start, before runs are scheduled. */
	void beforeScheduling() {
	}

	@Override
	public final void start() {
		if (this.running) {
			return;
		}
		beforeScheduling();
		if (this.interval != null) {
			this.thread.schedule(this::scheduledRun, initialDelay(this.interval), this.interval);
		}
		this.running = true;
	}

	private void scheduledRun() {
		if (!this.database.isRunning()) {
			return;
		}
		try {
			runOnce();
		}
		catch (RuntimeException ex) {
			this.logger.warn("BucketHead " + this.what + " failed, trying again in " + this.interval + ": "
					+ ex.getMessage());
		}
	}

	/** Time between scheduled runs; null when none are scheduled. */
	public @Nullable Duration getInterval() {
		return this.interval;
	}

	/** Whether runs are scheduled (they are between start and stop when an interval is set). */
	public boolean isScheduled() {
		return this.thread.isScheduled();
	}

	@Override
	public final void stop() {
		this.running = false;
		this.thread.stop();
	}

	@Override
	public final void stop(Runnable callback) {
		this.running = false;
		this.thread.stop(callback);
	}

	@Override
	public final boolean isRunning() {
		return this.running;
	}

	@Override
	public final int getPhase() {
		return PHASE;
	}

}
