package dev.buckethead.autoconfigure.replica;

import java.util.concurrent.TimeUnit;

import dev.buckethead.replica.BucketReplica;
import dev.buckethead.replica.ReplicaApplied;
import dev.buckethead.replica.ReplicaListener;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * A replica's meters, tagged with its branch: {@code buckethead.replica.lag} (seconds since a poll last found
 * nothing newer), {@code buckethead.replica.applied} (steps applied) and {@code buckethead.replica.apply} (time
 * readers were held off per apply).
 */
public class ReplicaMetrics implements MeterBinder {

	private final BucketReplica replica;

	/** One per registry bound to. */
	private final java.util.List<Timer> applies = new java.util.concurrent.CopyOnWriteArrayList<>();

	public ReplicaMetrics(BucketReplica replica) {
		this.replica = replica;
		// Not a ReplicaListener bean itself: those are handed to the replica as it is built, before this exists.
		replica.addListener(new ReplicaListener() {
			@Override
			public void onApplied(ReplicaApplied applied) {
				ReplicaMetrics.this.applies.forEach((timer) -> timer.record(applied.duration()));
			}
		});
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		String branch = this.replica.branch();
		TimeGauge.builder("buckethead.replica.lag", this.replica, TimeUnit.MILLISECONDS,
				(replica) -> replica.isRunning() ? replica.status().lag().toMillis() : 0)
			.description("How stale the replica may be: time since a poll last found nothing newer in the bucket")
			.tag("branch", branch)
			.register(registry);
		FunctionCounter.builder("buckethead.replica.applied", this.replica,
				(replica) -> replica.isRunning() ? replica.status().appliedSteps() : 0)
			.description("Steps of the branch the replica applied")
			.tag("branch", branch)
			.register(registry);
		this.applies.add(Timer.builder("buckethead.replica.apply")
			.description("Time an apply held the replica's readers off")
			.tag("branch", branch)
			.register(registry));
	}

}
