package dev.buckethead.autoconfigure;

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
 * <b>Time limit.</b> The flush runs on its own thread and reports back through the stop callback, so Spring waits
 * at most {@code spring.lifecycle.timeout-per-shutdown-phase} for it. The flush itself is not abandoned then:
 * closing the context destroys the {@link BucketSQLite} bean, whose {@code close()} waits for a close in
 * progress, so the process does not exit with writes still unflushed.
 * <p>
 * <b>Without stop.</b> When the context is closed without stopping (a failed start-up, for instance), the
 * {@code BucketSQLite} bean's destroy method closes it; {@code close()} is idempotent, so a database closed here
 * is not flushed twice.
 */
public final class BucketHeadFlushLifecycle implements SmartLifecycle {

	/** Below the web server's phases and Spring's executors' {@code Integer.MAX_VALUE / 2}; see above. */
	public static final int PHASE = Integer.MAX_VALUE / 2 - 1024;

	private static final Log logger = LogFactory.getLog(BucketHeadFlushLifecycle.class);

	private final BucketSQLite database;

	private volatile boolean running;

	public BucketHeadFlushLifecycle(BucketSQLite database) {
		this.database = database;
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
			this.database.close();
			logger.info("BucketHead final flush done in " + (System.nanoTime() - started) / 1_000_000 + " ms");
		}
		catch (RuntimeException ex) {
			// BucketSQLite has logged where the unflushed database was kept; do not hide the other beans' stop.
			logger.error("BucketHead final flush failed: " + ex.getMessage());
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
