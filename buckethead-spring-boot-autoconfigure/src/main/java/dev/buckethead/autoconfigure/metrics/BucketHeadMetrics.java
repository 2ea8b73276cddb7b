package dev.buckethead.autoconfigure.metrics;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

import dev.buckethead.BucketSQLite;
import dev.buckethead.autoconfigure.BucketHeadActivity;
import dev.buckethead.bucket.IoCounters;
import dev.buckethead.snapshot.FlushResult;
import dev.buckethead.snapshot.SnapshotListener;
import dev.buckethead.snapshot.SnapshotSession.RestoreReport;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

/**
 * BucketHead's meters. Flush, restore and switch <em>durations</em> are the timers of their observations
 * ({@code buckethead.flush}, {@code buckethead.restore}, {@code buckethead.switch}, tagged {@code outcome} and, for
 * flushes, {@code trigger}); this binder adds:
 * <table>
 * <caption>Meters</caption>
 * <tr><td>{@code buckethead.flush.bytes}</td><td>distribution summary, bytes</td><td>bytes a flush that wrote a
 * generation uploaded</td></tr>
 * <tr><td>{@code buckethead.flush.chunks}</td><td>distribution summary, tag {@code kind} = uploaded |
 * reused</td><td>chunks per written flush</td></tr>
 * <tr><td>{@code buckethead.restore.bytes}</td><td>distribution summary, bytes</td><td>bytes the restore at
 * start-up downloaded</td></tr>
 * <tr><td>{@code buckethead.database.size}</td><td>gauge, bytes</td><td>the live database</td></tr>
 * <tr><td>{@code buckethead.dirty}</td><td>gauge, 0 or 1</td><td>whether the database holds changes not yet
 * flushed</td></tr>
 * <tr><td>{@code buckethead.flush.last.success.age}</td><td>time gauge, seconds</td><td>since the bucket last held
 * everything: the end of the last flush that wrote or had nothing to write, or the restore</td></tr>
 * <tr><td>{@code buckethead.flush.consecutive.failures}</td><td>gauge</td><td>failed flushes since the last
 * one that completed</td></tr>
 * <tr><td>{@code buckethead.bucket.requests}</td><td>function counter, tag {@code operation} = get | head | put |
 * delete | list</td><td>calls to the bucket</td></tr>
 * <tr><td>{@code buckethead.bucket.bytes}</td><td>function counter, bytes, tag {@code direction} = in |
 * out</td><td>bytes moved to and from the bucket</td></tr>
 * </table>
 * Gauges are cheap: reading them never makes a bucket request and never waits for a flush in progress
 * ({@code buckethead.dirty} runs one local query when no flush runs, and answers what the running flush published
 * otherwise; {@code buckethead.database.size} runs one local query). No tag carries a branch name, generation or
 * key.
 * <p>
 * Also a {@link SnapshotListener}, registered on the engine before it starts, for the sizes of flushes and of
 * the restore.
 */
public class BucketHeadMetrics implements MeterBinder, SnapshotListener {

	private final Supplier<BucketSQLite> database;

	private final @Nullable BucketHeadActivity activity;

	private final List<Summaries> bound = new CopyOnWriteArrayList<>();

	private volatile @Nullable RestoreReport restore;

	/**
	 * @param database the engine, looked up when the meters are bound (it does not exist yet when this listener is
	 * registered on its builder)
	 * @param activity what the engine did lately, for {@code buckethead.flush.last.success.age}; null to use only
	 * the engine's statistics
	 */
	public BucketHeadMetrics(Supplier<BucketSQLite> database, @Nullable BucketHeadActivity activity) {
		this.database = database;
		this.activity = activity;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		BucketSQLite db = this.database.get();
		Gauge.builder("buckethead.database.size", db, whileRunning((database) -> database.size().orElse(-1)))
			.description("Size of the live database")
			.baseUnit(BaseUnits.BYTES)
			.register(registry);
		Gauge.builder("buckethead.dirty", db, whileRunning((d) -> d.isDirty() ? 1 : 0))
			.description("Whether the database holds changes not yet flushed to the bucket (1) or not (0)")
			.register(registry);
		TimeGauge
			.builder("buckethead.flush.last.success.age", db, TimeUnit.MILLISECONDS,
					(d) -> sinceSynced(d))
			.description("Time since the bucket last held everything: the last flush that wrote or had nothing "
					+ "to write, or the restore")
			.register(registry);
		Gauge.builder("buckethead.flush.consecutive.failures", db, (d) -> d.statistics().consecutiveFailures())
			.description("Flushes that failed since the last one that completed")
			.register(registry);
		for (IoCounters.Kind kind : IoCounters.Kind.values()) {
			FunctionCounter
				.builder("buckethead.bucket.requests", db, (d) -> d.ioCounters().requests(kind))
				.description("Calls to the bucket")
				.tag("operation", kind.name().toLowerCase(Locale.ROOT))
				.register(registry);
		}
		FunctionCounter.builder("buckethead.bucket.bytes", db, (d) -> d.ioCounters().bytesIn())
			.description("Bytes moved between the application and the bucket")
			.baseUnit(BaseUnits.BYTES)
			.tag("direction", "in")
			.register(registry);
		FunctionCounter.builder("buckethead.bucket.bytes", db, (d) -> d.ioCounters().bytesOut())
			.description("Bytes moved between the application and the bucket")
			.baseUnit(BaseUnits.BYTES)
			.tag("direction", "out")
			.register(registry);
		Summaries summaries = new Summaries(registry);
		RestoreReport report = this.restore;
		if (report != null) {
			summaries.restoreBytes.record(report.bytesDownloaded());
		}
		this.bound.add(summaries);
	}

	private double sinceSynced(BucketSQLite database) {
		if (this.activity != null) {
			return this.activity.sinceSynced(database.statistics()).toMillis();
		}
		FlushResult last = database.statistics().lastResult();
		return (last != null) ? System.currentTimeMillis() - last.completedAt().toEpochMilli() : Double.NaN;
	}

	private static ToDoubleFunction<BucketSQLite> whileRunning(ToDoubleFunction<BucketSQLite> value) {
		return (database) -> {
			if (!database.isRunning()) {
				return Double.NaN;
			}
			try {
				double result = value.applyAsDouble(database);
				return (result < 0) ? Double.NaN : result;
			}
			catch (RuntimeException ex) {
				// Closed between the check and the read.
				return Double.NaN;
			}
		};
	}

	@Override
	public void onFlushComplete(FlushResult result) {
		if (result.skipped()) {
			return;
		}
		for (Summaries summaries : this.bound) {
			summaries.flushBytes.record(result.bytesUploaded());
			summaries.chunksUploaded.record(result.chunksUploaded());
			summaries.chunksReused.record(result.chunksReused());
		}
	}

	@Override
	public void onRestoreComplete(RestoreReport report) {
		this.restore = report;
		for (Summaries summaries : this.bound) {
			summaries.restoreBytes.record(report.bytesDownloaded());
		}
	}

	private static final class Summaries {

		private final DistributionSummary flushBytes;

		private final DistributionSummary chunksUploaded;

		private final DistributionSummary chunksReused;

		private final DistributionSummary restoreBytes;

		Summaries(MeterRegistry registry) {
			this.flushBytes = DistributionSummary.builder("buckethead.flush.bytes")
				.description("Bytes a flush uploaded (compressed chunks, manifest and head)")
				.baseUnit(BaseUnits.BYTES)
				.register(registry);
			this.chunksUploaded = chunks(registry, "uploaded");
			this.chunksReused = chunks(registry, "reused");
			this.restoreBytes = DistributionSummary.builder("buckethead.restore.bytes")
				.description("Bytes the restore at start-up downloaded")
				.baseUnit(BaseUnits.BYTES)
				.register(registry);
		}

		private static DistributionSummary chunks(MeterRegistry registry, String kind) {
			return DistributionSummary.builder("buckethead.flush.chunks")
				.description("Chunks per flush: uploaded, or reused from the previous generation")
				.baseUnit("chunks")
				.tag("kind", kind)
				.register(registry);
		}

	}

}
