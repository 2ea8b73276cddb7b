package dev.buckethead.autoconfigure;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;

/**
 * One daemon thread that runs a BucketHead maintenance task (the tracker sync, garbage collection) at a fixed
 * delay, so that a run never overlaps the previous one.
 * <p>
 * A thread of its own rather than the application's {@code TaskScheduler}: Spring Boot only configures a
 * scheduler with {@code @EnableScheduling}, and its default pool has a single thread, which a long sync or
 * collection would take from the application's own {@code @Scheduled} tasks.
 * <p>
 * {@link #stop()} lets a run in progress finish (up to {@link #STOP_WAIT}, then interrupts it), so that the
 * owner can stop before the final flush and no run races the shutdown.
 */
final class MaintenanceThread {

	/** How long {@link #stop()} waits for a run in progress before interrupting it; below Spring's 30s per phase. */
	static final Duration STOP_WAIT = Duration.ofSeconds(20);

	private static final Duration INTERRUPT_WAIT = Duration.ofSeconds(5);

	private final String name;

	private final Log logger;

	private @Nullable ScheduledExecutorService executor;

	MaintenanceThread(String name, Log logger) {
		this.name = name;
		this.logger = logger;
	}

	/** Runs {@code task} after {@code initialDelay}, then {@code interval} after the end of each run. */
	synchronized void schedule(Runnable task, Duration initialDelay, Duration interval) {
		if (this.executor != null) {
			return;
		}
		ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, this.name);
			thread.setDaemon(true);
			return thread;
		});
		scheduler.scheduleWithFixedDelay(task, Math.max(0, initialDelay.toMillis()), Math.max(1, interval.toMillis()),
				TimeUnit.MILLISECONDS);
		this.executor = scheduler;
	}

	synchronized boolean isScheduled() {
		return this.executor != null;
	}

	/** Cancels future runs and waits for the one in progress; see the class description. */
	void stop() {
		ScheduledExecutorService scheduler;
		synchronized (this) {
			scheduler = this.executor;
			this.executor = null;
		}
		if (scheduler == null) {
			return;
		}
		scheduler.shutdown();
		try {
			if (!scheduler.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
				this.logger.warn(this.name + " still running after " + STOP_WAIT.toSeconds() + "s; interrupting it");
				scheduler.shutdownNow();
				if (!scheduler.awaitTermination(INTERRUPT_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
					this.logger.warn(this.name + " did not stop; the shutdown goes on without it");
				}
			}
		}
		catch (InterruptedException ex) {
			scheduler.shutdownNow();
			Thread.currentThread().interrupt();
		}
	}

	/** {@link #stop()} on a thread of its own, then {@code callback}: for {@code SmartLifecycle.stop(Runnable)}. */
	void stop(Runnable callback) {
		Thread stopper = new Thread(() -> {
			try {
				stop();
			}
			finally {
				callback.run();
			}
		}, this.name + "-stop");
		stopper.setDaemon(true);
		stopper.start();
	}

}
