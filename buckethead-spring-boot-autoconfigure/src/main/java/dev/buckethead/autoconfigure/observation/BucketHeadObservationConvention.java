package dev.buckethead.autoconfigure.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Decides the key values and contextual names of BucketHead's observations: {@code buckethead.flush}
 * ({@link FlushContext}), {@code buckethead.restore} ({@link RestoreContext}) and {@code buckethead.switch}
 * ({@link SwitchContext}). Define a bean of this type to replace {@link DefaultBucketHeadObservationConvention};
 * extending it keeps the default key values.
 * <p>
 * Low-cardinality key values become metric tags: keep them to small, fixed sets of values. Branch names,
 * generation ids and byte counts belong in the high-cardinality key values, which only trace spans carry.
 * <p>
 * The observation names are fixed per operation ({@link #getName()} returns null, which keeps them); rename
 * them, if you must, with an {@link io.micrometer.observation.ObservationFilter}.
 */
public interface BucketHeadObservationConvention extends ObservationConvention<BucketHeadObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof BucketHeadObservationContext;
	}

}
