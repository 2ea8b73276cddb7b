package dev.buckethead.autoconfigure.observation;

import dev.buckethead.snapshot.FlushResult;
import dev.buckethead.snapshot.FlushTrigger;
import org.jspecify.annotations.Nullable;

/** One flush, observed as {@code buckethead.flush}. */
public final class FlushContext extends BucketHeadObservationContext {

	private final FlushTrigger trigger;

	private @Nullable FlushResult result;

	public FlushContext(FlushTrigger trigger) {
		this.trigger = trigger;
	}

	/** Why the flush ran. */
	public FlushTrigger getTrigger() {
		return this.trigger;
	}

	/** What the flush did, once it completed (null while it runs and when it failed). */
	public @Nullable FlushResult getResult() {
		return this.result;
	}

	void setResult(FlushResult result) {
		this.result = result;
	}

}
