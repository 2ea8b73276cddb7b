package dev.buckethead.autoconfigure;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.buckethead.BucketHeadException;
import dev.buckethead.BucketSQLite;
import dev.buckethead.FlushStatistics;
import dev.buckethead.snapshot.FlushResult;
import org.jspecify.annotations.Nullable;

/**
 * A failed flush as an RFC 9457 problem detail, one for every HTTP answer to a flush request: the Actuator
 * endpoint's ({@link #toMap()}) and an application's own (copied into a Spring {@code ProblemDetail}, say). Status
 * 503: the live database still holds the changes, but the bucket does not have them yet; a later flush may
 * succeed.
 *
 * @param type {@link #TYPE}
 * @param title {@link #TITLE}
 * @param status 503
 * @param detail the failure's message, which says what failed, why, and the fix; without credentials
 * @param properties the extension members: {@code reason} (a short code such as {@code access-denied},
 * {@code unreachable}, {@code timed-out} or {@code conflict}), {@code branch}, {@code generation} (the last one
 * flushed or restored, when there is one), {@code consecutiveFailures} (this one included) and
 * {@code lastSuccessfulFlush} (when the last flush that wrote finished, when there was one)
 */
public record FlushProblem(URI type, String title, int status, String detail, Map<String, Object> properties) {

	/** The problem type of a failed flush; a tag URI, which names it without promising a page to read. */
	public static final URI TYPE = URI.create("tag:buckethead.dev,2026:flush-failed");

	public static final String TITLE = "BucketHead flush failed";

	public static final int STATUS = 503;

	public FlushProblem {
		properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
	}

	/**
	 * The problem for {@code error}, thrown by a flush of {@code database}. Reads only state the engine publishes,
	 * so it never waits for another flush.
	 * @param properties for redacting the configured credentials; null when there are none to redact
	 */
	public static FlushProblem of(Throwable error, BucketSQLite database, @Nullable BucketHeadProperties properties) {
		FlushStatistics statistics = database.statistics();
		Map<String, Object> members = new LinkedHashMap<>();
		members.put("reason", BucketHeadFailure.of(error).code());
		try {
			members.put("branch", database.branch());
			database.generation().ifPresent((generation) -> members.put("generation", generation));
		}
		catch (BucketHeadException closed) {
			// Closed meanwhile (a flush at shutdown): there is no branch to name.
		}
		members.put("consecutiveFailures", statistics.consecutiveFailures());
		FlushResult success = statistics.lastSuccess();
		if (success != null) {
			members.put("lastSuccessfulFlush", success.completedAt().toString());
		}
		String detail = BucketHeadActivity.redact(String.valueOf(error.getMessage()), properties);
		return new FlushProblem(TYPE, TITLE, STATUS, detail, members);
	}

	/** The problem detail's JSON members: {@code type}, {@code title}, {@code status}, {@code detail}, then the rest. */
	public Map<String, Object> toMap() {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("type", this.type.toString());
		map.put("title", this.title);
		map.put("status", this.status);
		map.put("detail", this.detail);
		map.putAll(this.properties);
		return map;
	}

}
