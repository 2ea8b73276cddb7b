package dev.buckethead.autoconfigure;

import java.time.Duration;

import dev.buckethead.BucketSQLite;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Runs BucketHead's final flush, and closes the database, when the application context stops.
 * <p>
 * <b>Phase.</b> Spring stops lifecycle beans from the highest phase to the lowest. The final flush must come
 * after everything that may still write:
 * <ul>
 * <li>the web server's graceful shutdown, which drains in-flight requests ({@code DEFAULT_PHASE - 1024});</li>
 * <li>the web server's stop ({@code DEFAULT_PHASE - 2048}), which cuts off whatever was still running when
 * shutdown is immediate;</li>
 * <li>Spring's task executors and schedulers, which stop, ending {@code @Scheduled} and {@code @Async} work, in
 * phase {@code Integer.MAX_VALUE / 2} (Spring Framework 6.1 and later);</li>
 * <li>message listener containers, near {@code DEFAULT_PHASE}.</li>
 * </ul>
 * {@link #PHASE} is just below all of them. A phase between the graceful drain and the server stop would also
 * follow the last request, but would flush while scheduled and asynchronous tasks can still write.
 * <p>
 * <b>Time limit.</b> The flush runs on its own thread and reports back through the stop callback, within
 * {@link #finalFlushDeadline(Duration) a deadline} just short of {@code spring.lifecycle.timeout-per-shutdown-phase}:
 * {@link BucketSQLite#close(Duration)} gives up on a final flush that has not finished by then (a bucket that does
 * not answer), keeps the live database file and logs where on one line, so that the process exits within the
 * phase timeout instead of after every retry against a dead bucket. The kept file holds every committed write.
 * <p>
 * <b>Without stop.</b> When the context is closed without stopping (a failed start-up, for instance), the
 * {@code BucketSQLite} bean's destroy method closes it; {@code close()} is idempotent, so a database closed here
 * is not flushed twice.
 */
public final class BucketHeadFlushLifecycle implements SmartLifecycle {

	/** Below the web server's phases and Spring's executors' {@code Integer.MAX_VALUE / 2}; see above. */
	public static final int PHASE = Integer.MAX_VALUE / 2 - 1024;

	private static final Log logger = LogFactory.getLog(BucketHeadFlushLifecycle.class);

	private static final Duration MAX_MARGIN = Duration.ofSeconds(1);

	private final BucketSQLite database;

	private final Duration deadline;

	private volatile boolean running;

	/** A lifecycle whose final flush may take the engine's own {@code closeTimeout}. */
	public BucketHeadFlushLifecycle(BucketSQLite database) {
		this(database, BucketSQLite.DEFAULT_CLOSE_TIMEOUT);
	}

	/** @param deadline how long the final flush may take; see {@link #finalFlushDeadline(Duration)} */
	public BucketHeadFlushLifecycle(BucketSQLite database, Duration deadline) {
		this.database = database;
		this.deadline = deadline;
	}

	/**
	 * The final flush's deadline in a shutdown phase of {@code timeoutPerShutdownPhase}: a tenth less, and at most
	 * a second less, so that keeping the live file and calling back still fit in the phase.
	 */
	public static Duration finalFlushDeadline(Duration timeoutPerShutdownPhase) {
		Duration margin = timeoutPerShutdownPhase.dividedBy(10);
		return timeoutPerShutdownPhase.minus((margin.compareTo(MAX_MARGIN) > 0) ? MAX_MARGIN : margin);
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		finalFlush();
	}

	@Override
	public void stop(Runnable callback) {
		this.running = false;
		Thread flusher = new Thread(() -> {
			try {
				finalFlush();
			}
			finally {
				callback.run();
			}
		}, "buckethead-final-flush");
		flusher.start();
	}

	private void finalFlush() {
		if (!this.database.isRunning()) {
			return;
		}
		long started = System.nanoTime();
		try {
			this.database.close(this.deadline);
			logger.info("BucketHead final flush done in " + (System.nanoTime() - started) / 1_000_000 + " ms");
		}
		catch (RuntimeException ex) {
			// BucketSQLite has logged, on one line, why and where the unflushed database was kept; the other beans
			// must still stop.
			logger.debug("BucketHead final flush failed", ex);
		}
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
