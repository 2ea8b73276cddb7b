package dev.buckethead.autoconfigure.observation;

/**
 * A branch switch, observed as {@code buckethead.switch}. The flushes a switch makes are observed as its
 * children.
 */
public final class SwitchContext extends BucketHeadObservationContext {

	private final String from;

	private final String to;

	public SwitchContext(String from, String to) {
		this.from = from;
		this.to = to;
	}

	/** The branch switched from. A name users choose: a high-cardinality value, never a metric tag. */
	public String getFrom() {
		return this.from;
	}

	/** The branch switched to. A name users choose: a high-cardinality value, never a metric tag. */
	public String getTo() {
		return this.to;
	}

}
