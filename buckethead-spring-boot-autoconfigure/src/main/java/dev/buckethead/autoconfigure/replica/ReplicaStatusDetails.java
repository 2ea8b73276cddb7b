package dev.buckethead.autoconfigure.replica;

import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.buckethead.replica.ReplicaStatus;

/** A replica's status as the flat map the health and the Actuator endpoint show. Never a secret in it. */
final class ReplicaStatusDetails {

	private ReplicaStatusDetails() {
	}

	static Map<String, Object> of(ReplicaStatus status) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("mode", "replica");
		details.put("branch", status.branch());
		details.put("generation", status.generation() == null ? "" : status.generation());
		details.put("sequence", status.sequence());
		details.put("commitTime", status.commitTime() == null ? "" : status.commitTime().toString());
		details.put("currentAsOf", status.currentAsOf() == null ? "" : status.currentAsOf().toString());
		details.put("lag", status.lag().truncatedTo(ChronoUnit.MILLIS).toString());
		details.put("appliedSteps", status.appliedSteps());
		details.put("branchMissing", status.branchMissing());
		if (status.lastError() != null) {
			details.put("lastError", status.lastError());
		}
		return details;
	}

}
