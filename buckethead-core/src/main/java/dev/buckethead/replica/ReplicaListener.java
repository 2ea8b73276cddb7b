package dev.buckethead.replica;

/** Hears a replica's applies and failed polls. Called on the polling thread: return quickly. */
public interface ReplicaListener {

	default void onApplied(ReplicaApplied applied) {
	}

	default void onPollFailed(RuntimeException failure) {
	}

}
