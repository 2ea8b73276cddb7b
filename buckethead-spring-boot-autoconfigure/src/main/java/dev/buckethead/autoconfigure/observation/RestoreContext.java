package dev.buckethead.autoconfigure.observation;

import dev.buckethead.snapshot.SnapshotSession.RestoreReport;
import org.jspecify.annotations.Nullable;

/** The restore at start-up, observed as {@code buckethead.restore}. */
public final class RestoreContext extends BucketHeadObservationContext {

	private final String branch;

	private @Nullable RestoreReport report;

	public RestoreContext(String branch) {
		this.branch = branch;
	}

	/** The branch restored. A name users choose: a high-cardinality value, never a metric tag. */
	public String getBranch() {
		return this.branch;
	}

	/** What the restore did, once it completed (null while it runs and when it failed). */
	public @Nullable RestoreReport getReport() {
		return this.report;
	}

	void setReport(RestoreReport report) {
		this.report = report;
	}

}
