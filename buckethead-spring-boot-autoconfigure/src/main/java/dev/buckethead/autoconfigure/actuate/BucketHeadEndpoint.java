package dev.buckethead.autoconfigure.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.buckethead.BucketSQLite;
import dev.buckethead.CallerError;
import dev.buckethead.FlushStatistics;
import dev.buckethead.autoconfigure.BucketHeadActivity;
import dev.buckethead.autoconfigure.BucketHeadProperties;
import dev.buckethead.bucket.IoCounters;
import dev.buckethead.snapshot.FlushResult;
import dev.buckethead.snapshot.FlushTrigger;
import dev.buckethead.snapshot.SnapshotSession.RestoreReport;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code buckethead} Actuator endpoint.
 * <ul>
 * <li>{@code GET /actuator/buckethead}: branch, generation, retained generations, whether the database is dirty,
 * its size, the flush interval, the last flush and the last one that wrote, how long the flush in progress has
 * been running, flush totals, the restore at start-up and the bucket I/O counters. No bucket request, and no wait
 * for a flush in progress.</li>
 * <li>{@code POST /actuator/buckethead}: flushes now; answers what the flush did, or 503 with a problem detail
 * when it failed ({@link BucketHeadEndpointWebExtension}).</li>
 * <li>{@code POST /actuator/buckethead/{branch}} with {@code {"action":"create"}} or {@code {"action":"switch"}}:
 * creates the branch at the current state, or switches to it.</li>
 * </ul>
 * Its default access is read-only: the write operations need
 * {@code management.endpoint.buckethead.access=unrestricted}.
 */
@Endpoint(id = "buckethead", defaultAccess = Access.READ_ONLY)
public class BucketHeadEndpoint {

	private final BucketSQLite database;

	private final @Nullable BucketHeadActivity activity;

	private final BucketHeadProperties properties;

	public BucketHeadEndpoint(BucketSQLite database, @Nullable BucketHeadActivity activity,
			BucketHeadProperties properties) {
		this.database = database;
		this.activity = activity;
		this.properties = properties;
	}

	@ReadOperation
	public StatusDescriptor status() {
		FlushStatistics statistics = this.database.statistics();
		FlushResult success = statistics.lastSuccess();
		return new StatusDescriptor(this.database.branch(), this.database.generation().orElse(null),
				this.database.retainedGenerations(), this.database.isDirty(), this.database.size().orElse(-1),
				this.properties.getSnapshot().getInterval().toMillis(), lastFlush(statistics),
				(success != null) ? FlushDescriptor.of(success) : null,
				statistics.runningFor().map(Duration::toMillis).orElse(null),
				new FlushTotals(statistics.completed(), statistics.skipped(), statistics.failures(),
						statistics.consecutiveFailures()),
				restore(), io(this.database.ioCounters()));
	}

	/**
	 * Flushes now (trigger {@code manual}); a failure is thrown. Over HTTP, {@link BucketHeadEndpointWebExtension}
	 * answers it with a problem detail instead.
	 */
	@WriteOperation
	public FlushDescriptor flush() {
		return FlushDescriptor.of(this.database.forceFlush());
	}

	/**
	 * Whether {@code branch} is the current one; null (404 over HTTP) when it does not exist. The read operation
	 * at the branch's path also makes a write there without write access answer {@code 405}, as a flush does.
	 */
	@ReadOperation
	public @Nullable BranchStatus branchStatus(@Selector String branch) {
		if (!this.database.branches().exists(branch)) {
			return null;
		}
		return new BranchStatus(branch, branch.equals(this.database.branch()));
	}

	/**
	 * Creates {@code branch} at the current state ({@code create}, the current branch stays current), or flushes
	 * the current branch and loads {@code branch} ({@code switch}).
	 */
	@WriteOperation
	public BranchDescriptor branch(@Selector String branch, BranchAction action) {
		try {
			switch (action) {
				case CREATE -> this.database.branches().create(branch);
				case SWITCH -> this.database.branches().switchTo(branch);
			}
		}
		catch (RuntimeException ex) {
			if (ex instanceof CallerError) {
				throw new InvalidEndpointRequestException(ex.getMessage(), ex.getMessage(), ex);
			}
			throw ex;
		}
		return new BranchDescriptor(action.name().toLowerCase(Locale.ROOT), branch, this.database.branch(),
				this.database.generation().orElse(null));
	}

	private @Nullable FlushDescriptor lastFlush(FlushStatistics statistics) {
		Throwable error = statistics.lastError();
		if (statistics.consecutiveFailures() > 0 && error != null) {
			BucketHeadActivity current = this.activity;
			FlushTrigger trigger = (current != null) ? current.lastErrorTrigger() : null;
			Instant at = (current != null) ? current.lastErrorAt() : null;
			Duration duration = (current != null) ? current.lastErrorDuration() : null;
			return new FlushDescriptor("error", (trigger != null) ? lower(trigger) : null,
					(at != null) ? at.toString() : null, (duration != null) ? duration.toMillis() : null, 0, 0, 0,
					null, BucketHeadActivity.describe(error, this.properties));
		}
		FlushResult last = statistics.lastResult();
		return (last != null) ? FlushDescriptor.of(last) : null;
	}

	private @Nullable RestoreDescriptor restore() {
		BucketHeadActivity current = this.activity;
		RestoreReport report = (current != null) ? current.restore() : null;
		Instant at = (current != null) ? current.restoredAt() : null;
		if (report == null) {
			return null;
		}
		return new RestoreDescriptor(report.branch(), report.generation(), report.source(),
				report.bytesDownloaded(), report.duration().toMillis(), (at != null) ? at.toString() : null,
				report.fallback(), report.adoptedLiveFile());
	}

	/** The same keys as {@link IoCounters#toJson()}, camelCase like the rest of the endpoint's JSON. */
	static Map<String, Long> io(IoCounters counters) {
		Map<String, Long> io = new LinkedHashMap<>();
		io.put("requests", counters.totalRequests());
		io.put("get", counters.gets());
		io.put("head", counters.heads());
		io.put("put", counters.puts());
		io.put("delete", counters.deletes());
		io.put("list", counters.lists());
		io.put("bytesIn", counters.bytesIn());
		io.put("bytesOut", counters.bytesOut());
		return io;
	}

	private static String lower(Enum<?> value) {
		return value.name().toLowerCase(Locale.ROOT);
	}

	/** What {@code POST /actuator/buckethead/{branch}} does. */
	public enum BranchAction {

		/** Create the branch at the current state; the current branch stays current. */
		CREATE,
		/** Flush the current branch, then load this one. */
		SWITCH

	}

	/** The endpoint's answer to a read. Times are ISO-8601 instants, durations and the interval milliseconds. */
	public record StatusDescriptor(String branch, @Nullable String generation, List<String> retainedGenerations,
			boolean dirty, long databaseSize, long flushIntervalMs, @Nullable FlushDescriptor lastFlush,
			@Nullable FlushDescriptor lastSuccessfulFlush, @Nullable Long flushRunningForMs, FlushTotals flushes,
			@Nullable RestoreDescriptor restore,
			Map<String, Long> io) implements OperationResponseBody {
	}

	/**
	 * One flush. {@code outcome} is success, skipped or error; {@code error} the failure's type and message (no
	 * credentials).
	 */
	public record FlushDescriptor(String outcome, @Nullable String trigger, @Nullable String completedAt,
			@Nullable Long durationMs, long bytesUploaded, int chunksUploaded, int chunksReused,
			@Nullable String generation, @Nullable String error) implements OperationResponseBody {

		static FlushDescriptor of(FlushResult result) {
			return new FlushDescriptor(lower(result.outcome()), lower(result.trigger()),
					result.completedAt().toString(), result.duration().toMillis(), result.bytesUploaded(),
					result.chunksUploaded(), result.chunksReused(), result.generation(), null);
		}

	}

	/** Flush counts since start-up. */
	public record FlushTotals(long completed, long skipped, long failures, long consecutiveFailures) {
	}

	/**
	 * The restore at start-up. {@code fallback} says why the generation restored is not the head's (null when it
	 * is); {@code adoptedLiveFile} whether the content was a live file a process that died had left.
	 */
	public record RestoreDescriptor(String branch, @Nullable String generation, String source, long bytesDownloaded,
			long durationMs, @Nullable String completedAt, @Nullable String fallback, boolean adoptedLiveFile) {
	}

	/** A branch, and whether it is the current one. */
	public record BranchStatus(String branch, boolean current) implements OperationResponseBody {
	}

	/** The answer to a branch operation: the branch named and the state after it. */
	public record BranchDescriptor(String action, String branch, String current, @Nullable String generation)
			implements OperationResponseBody {
	}

}
