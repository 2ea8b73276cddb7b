package dev.buckethead.autoconfigure.replica;

import java.util.Map;

import dev.buckethead.replica.BucketReplica;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The {@code buckethead} Actuator endpoint of a replica ({@code buckethead.mode=replica}): what it serves (branch,
 * generation, step, commit time) and its lag. Read-only: a replica has nothing to flush.
 */
@Endpoint(id = "buckethead", defaultAccess = Access.READ_ONLY)
public class ReplicaEndpoint {

	private final BucketReplica replica;

	public ReplicaEndpoint(BucketReplica replica) {
		this.replica = replica;
	}

	@ReadOperation
	public Map<String, Object> status() {
		return ReplicaStatusDetails.of(this.replica.status());
	}

}
