package dev.buckethead.autoconfigure.observation;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link BucketHeadObservationConvention} sees of one BucketHead operation: a {@link FlushContext},
 * {@link RestoreContext} or {@link SwitchContext}. The observation's error, if it failed, is {@link #getError()}.
 */
public abstract sealed class BucketHeadObservationContext extends Observation.Context
		permits FlushContext, RestoreContext, SwitchContext {

	/** The {@code outcome} value of a successful operation. */
	public static final String SUCCESS = "success";

	/** The {@code outcome} value of a flush that had nothing to write. */
	public static final String SKIPPED = "skipped";

	/** The {@code outcome} value of a failed operation. */
	public static final String ERROR = "error";

	private @Nullable String outcome;

	/**
	 * How the operation ended ({@link #SUCCESS}, {@link #SKIPPED} or {@link #ERROR}), or null while it runs.
	 */
	public @Nullable String getOutcome() {
		return this.outcome;
	}

	void setOutcome(String outcome) {
		this.outcome = outcome;
	}

}
