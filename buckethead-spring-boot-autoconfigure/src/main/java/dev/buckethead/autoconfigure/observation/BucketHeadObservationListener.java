package dev.buckethead.autoconfigure.observation;

import java.time.Duration;

import dev.buckethead.snapshot.FlushResult;
import dev.buckethead.snapshot.FlushTrigger;
import dev.buckethead.snapshot.SnapshotListener;
import dev.buckethead.snapshot.SnapshotSession.RestoreReport;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Turns the engine's callbacks into observations: one starts (and its scope opens, so work nested in it, such as
 * a switch's flushes, becomes its child) in {@code onXStart} and stops in {@code onXComplete} or
 * {@code onXError}. The engine calls both on the same thread, and flushes never overlap (nor do switches), so
 * one observation in flight per kind is enough.
 */
public final class BucketHeadObservationListener implements SnapshotListener {

	/** Name of the flush observation. */
	public static final String FLUSH = "buckethead.flush";

	/** Name of the start-up restore observation. */
	public static final String RESTORE = "buckethead.restore";

	/** Name of the branch switch observation. */
	public static final String SWITCH = "buckethead.switch";

	private final ObservationRegistry registry;

	private final BucketHeadObservationConvention convention;

	private volatile @Nullable InFlight flush;

	private volatile @Nullable InFlight restore;

	private volatile @Nullable InFlight change;

	public BucketHeadObservationListener(ObservationRegistry registry,
			@Nullable BucketHeadObservationConvention convention) {
		this.registry = registry;
		this.convention = (convention != null) ? convention : new DefaultBucketHeadObservationConvention();
	}

	@Override
	public void onFlushStart(FlushTrigger trigger) {
		abandon(this.flush);
		this.flush = begin(FLUSH, new FlushContext(trigger));
	}

	@Override
	public void onFlushComplete(FlushResult result) {
		InFlight current = this.flush;
		this.flush = null;
		if (current != null && current.context() instanceof FlushContext context) {
			context.setResult(result);
			current.end(result.skipped() ? BucketHeadObservationContext.SKIPPED : BucketHeadObservationContext.SUCCESS,
					null);
		}
	}

	@Override
	public void onFlushError(FlushTrigger trigger, Throwable error) {
		InFlight current = this.flush;
		this.flush = null;
		if (current != null) {
			current.end(BucketHeadObservationContext.ERROR, error);
		}
	}

	@Override
	public void onRestoreStart(String branch) {
		abandon(this.restore);
		this.restore = begin(RESTORE, new RestoreContext(branch));
	}

	@Override
	public void onRestoreComplete(RestoreReport report) {
		InFlight current = this.restore;
		this.restore = null;
		if (current != null && current.context() instanceof RestoreContext context) {
			context.setReport(report);
			current.end(BucketHeadObservationContext.SUCCESS, null);
		}
	}

	@Override
	public void onRestoreError(String branch, Throwable error) {
		InFlight current = this.restore;
		this.restore = null;
		if (current != null) {
			current.end(BucketHeadObservationContext.ERROR, error);
		}
	}

	@Override
	public void onSwitchStart(String from, String to) {
		abandon(this.change);
		this.change = begin(SWITCH, new SwitchContext(from, to));
	}

	@Override
	public void onSwitchComplete(String from, String to, Duration duration) {
		InFlight current = this.change;
		this.change = null;
		if (current != null) {
			current.end(BucketHeadObservationContext.SUCCESS, null);
		}
	}

	@Override
	public void onSwitchError(String from, String to, Throwable error) {
		InFlight current = this.change;
		this.change = null;
		if (current != null) {
			current.end(BucketHeadObservationContext.ERROR, error);
		}
	}

	private InFlight begin(String name, BucketHeadObservationContext context) {
		Observation observation = Observation.createNotStarted(name, () -> context, this.registry)
			.observationConvention(this.convention)
			.start();
		return new InFlight(observation, context, observation.openScope(), Thread.currentThread());
	}

	/** An operation that never reported its end (an Error escaped it): stop it rather than leak its scope. */
	private static void abandon(@Nullable InFlight stale) {
		if (stale != null) {
			stale.end(BucketHeadObservationContext.ERROR,
					new IllegalStateException("The operation ended without reporting its result"));
		}
	}

	private record InFlight(Observation observation, BucketHeadObservationContext context, Observation.Scope scope,
			Thread thread) {

		void end(String outcome, @Nullable Throwable error) {
			this.context.setOutcome(outcome);
			if (error != null) {
				this.observation.error(error);
			}
			if (Thread.currentThread() == this.thread) {
				this.scope.close();
			}
			this.observation.stop();
		}

	}

}
