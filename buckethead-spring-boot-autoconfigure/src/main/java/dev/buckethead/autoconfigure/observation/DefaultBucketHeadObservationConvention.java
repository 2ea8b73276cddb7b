package dev.buckethead.autoconfigure.observation;

import java.util.Locale;

import dev.buckethead.snapshot.FlushResult;
import dev.buckethead.snapshot.SnapshotSession.RestoreReport;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import org.jspecify.annotations.Nullable;

/**
 * BucketHead's default observation convention.
 * <table>
 * <caption>Key values</caption>
 * <tr><th>observation</th><th>low cardinality (metric tags and span tags)</th><th>high cardinality (span tags
 * only)</th></tr>
 * <tr><td>{@code buckethead.flush}</td><td>{@code outcome} = success | skipped | error, {@code trigger} =
 * interval | manual | shutdown | branch</td><td>{@code buckethead.branch}, {@code buckethead.generation},
 * {@code buckethead.bytes.uploaded}, {@code buckethead.chunks.uploaded}, {@code buckethead.chunks.reused}</td></tr>
 * <tr><td>{@code buckethead.restore}</td><td>{@code outcome} = success | error</td><td>{@code buckethead.branch},
 * {@code buckethead.generation}, {@code buckethead.restore.source}, {@code buckethead.bytes.downloaded}</td></tr>
 * <tr><td>{@code buckethead.switch}</td><td>{@code outcome} = success | error</td><td>{@code buckethead.from},
 * {@code buckethead.to}</td></tr>
 * </table>
 * {@code outcome} is only added once the operation ended, so the timer of running operations (the long task
 * timer {@code buckethead.flush.active}) carries no {@code outcome} tag. Contextual (span) names are
 * {@code buckethead flush}, {@code buckethead restore} and {@code buckethead switch}.
 */
public class DefaultBucketHeadObservationConvention implements BucketHeadObservationConvention {

	/** The flush's {@code trigger} key. */
	public static final String TRIGGER = "trigger";

	/** The {@code outcome} key of every observation. */
	public static final String OUTCOME = "outcome";

	@Override
	public KeyValues getLowCardinalityKeyValues(BucketHeadObservationContext context) {
		KeyValues values = KeyValues.empty();
		if (context instanceof FlushContext flush) {
			values = values.and(TRIGGER, flush.getTrigger().name().toLowerCase(Locale.ROOT));
		}
		String outcome = context.getOutcome();
		return (outcome != null) ? values.and(OUTCOME, outcome) : values;
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(BucketHeadObservationContext context) {
		if (context instanceof FlushContext flush) {
			return flushValues(flush.getResult());
		}
		if (context instanceof RestoreContext restore) {
			return restoreValues(restore);
		}
		SwitchContext change = (SwitchContext) context;
		return KeyValues.of("buckethead.from", change.getFrom(), "buckethead.to", change.getTo());
	}

	private KeyValues flushValues(@Nullable FlushResult result) {
		if (result == null) {
			return KeyValues.empty();
		}
		KeyValues values = KeyValues.of(KeyValue.of("buckethead.branch", result.branch()),
				KeyValue.of("buckethead.bytes.uploaded", Long.toString(result.bytesUploaded())),
				KeyValue.of("buckethead.chunks.uploaded", Integer.toString(result.chunksUploaded())),
				KeyValue.of("buckethead.chunks.reused", Integer.toString(result.chunksReused())));
		String generation = result.generation();
		return (generation != null) ? values.and("buckethead.generation", generation) : values;
	}

	private KeyValues restoreValues(RestoreContext restore) {
		KeyValues values = KeyValues.of("buckethead.branch", restore.getBranch());
		RestoreReport report = restore.getReport();
		if (report == null) {
			return values;
		}
		values = values.and("buckethead.restore.source", report.source())
			.and("buckethead.bytes.downloaded", Long.toString(report.bytesDownloaded()));
		String generation = report.generation();
		return (generation != null) ? values.and("buckethead.generation", generation) : values;
	}

	@Override
	public @Nullable String getContextualName(BucketHeadObservationContext context) {
		if (context instanceof FlushContext) {
			return "buckethead flush";
		}
		return (context instanceof RestoreContext) ? "buckethead restore" : "buckethead switch";
	}

}
