package dev.buckethead.autoconfigure;

import dev.buckethead.BucketSQLite;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Runs BucketHead's final flush, and closes the database, when the application context stops.
 * <p>
 * <b>Phase.</b> Spring stops lifecycle beans from the highest phase to the lowest. Spring Boot's web server
 * drains in-flight requests in phase {@code DEFAULT_PHASE - 1024} (graceful shutdown, on by default) and stops
 * the server in {@code DEFAULT_PHASE - 2048}. {@link #PHASE} lies between the two: the flush starts only once the
 * last request has finished, so it captures every write a request committed, and before the server's threads are
 * torn down. Beans in higher phases, such as message listener containers and Spring's task executors and
 * schedulers ({@code DEFAULT_PHASE}), have stopped by then too.
 * <p>
 * <b>Time limit.</b> The flush runs on its own thread and reports back through the stop callback, so Spring waits
 * at most {@code spring.lifecycle.timeout-per-shutdown-phase} before stopping the web server. The flush itself is
 * not abandoned: closing the context destroys the {@link BucketSQLite} bean, whose {@code close()} waits for a
 * close in progress, so the process does not exit with writes still unflushed.
 * <p>
 * <b>Without stop.</b> When the context is closed without stopping (a failed start-up, for instance), the
 * {@code BucketSQLite} bean's destroy method closes it; {@code close()} is idempotent, so a database closed here
 * is not flushed twice.
 */
public final class BucketHeadFlushLifecycle implements SmartLifecycle {

	/** Between the web server's graceful shutdown and its stop; see the class description. */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1536;

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
