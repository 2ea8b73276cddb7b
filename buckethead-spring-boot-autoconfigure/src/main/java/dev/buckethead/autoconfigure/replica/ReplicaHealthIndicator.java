package dev.buckethead.autoconfigure.replica;

import dev.buckethead.replica.BucketReplica;
import dev.buckethead.replica.ReplicaStatus;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code buckethead} health of a replica: UP while it serves a point of its branch and its lag (how long since
 * a poll last found nothing newer) is within {@code buckethead.replica.max-lag}; DOWN before the branch has a
 * head, after it was deleted, or when polls keep failing or fall behind. Makes no bucket request.
 */
public class ReplicaHealthIndicator implements HealthIndicator {

	private final BucketReplica replica;

	public ReplicaHealthIndicator(BucketReplica replica) {
		this.replica = replica;
	}

	@Override
	public Health health() {
		if (!this.replica.isRunning()) {
			return Health.outOfService().withDetail("reason", "the BucketHead replica is closed").build();
		}
		ReplicaStatus status = this.replica.status();
		return (status.healthy() ? Health.up() : Health.down()).withDetails(ReplicaStatusDetails.of(status)).build();
	}

}
