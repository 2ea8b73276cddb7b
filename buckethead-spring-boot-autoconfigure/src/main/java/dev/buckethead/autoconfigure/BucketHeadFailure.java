package dev.buckethead.autoconfigure;

import dev.buckethead.bucket.BucketException;
import dev.buckethead.bucket.BucketFailureKind;
import dev.buckethead.config.BucketHeadConfigException;
import dev.buckethead.snapshot.CorruptSnapshotException;
import dev.buckethead.snapshot.SnapshotConflictException;
import org.jspecify.annotations.Nullable;

/**
 * What kind of BucketHead failure an exception is, with what it means and how to fix it in Spring terms. One
 * reading serves every report of a failure: the start-up failure analysis and a failed flush's problem detail.
 */
enum BucketHeadFailure {

	CONFIGURATION("configuration", "its configuration is invalid",
			"Fix the buckethead.* properties (or the BUCKETHEAD_* variables and ~/.config/buckethead/config.toml) "
					+ "named above."),

	ACCESS_DENIED("access-denied", "the bucket refused its credentials",
			"Check buckethead.bucket.access-key-id and buckethead.bucket.secret-access-key "
					+ "(BUCKETHEAD_BUCKET__ACCESS_KEY_ID, BUCKETHEAD_BUCKET__SECRET_ACCESS_KEY; without them the AWS "
					+ "default credentials chain is used): they must be a valid key pair that may list, read, write and "
					+ "delete objects in the bucket."),

	BUCKET_NOT_FOUND("bucket-not-found", "its bucket does not exist",
			"Create the bucket (BucketHead never creates it), or correct buckethead.bucket.name "
					+ "(BUCKETHEAD_BUCKET__NAME) and buckethead.bucket.endpoint (BUCKETHEAD_BUCKET__ENDPOINT_URL) to "
					+ "name an existing one."),

	WRONG_REGION("wrong-region", "the bucket is not served by the configured region or endpoint",
			"Set buckethead.bucket.region (BUCKETHEAD_BUCKET__REGION) to the bucket's region, or "
					+ "buckethead.bucket.endpoint to the endpoint that serves it (buckethead.bucket.cloudflare-account-id "
					+ "for R2)."),

	UNREACHABLE("unreachable", "it could not connect to the bucket's endpoint",
			"Check buckethead.bucket.endpoint (BUCKETHEAD_BUCKET__ENDPOINT_URL): scheme, host and port; and that the "
					+ "S3 server runs and can be reached from this machine (DNS, firewall, proxy)."),

	TIMED_OUT("timed-out", "the bucket's endpoint did not answer in time",
			"The server took the connection but did not answer: check that it is healthy and not overloaded. "
					+ "The buckethead.bucket.*-timeout settings and buckethead.bucket.max-attempts bound the wait."),

	BUCKET_ERROR("bucket-error", "a bucket request failed",
			"The error above is the bucket's answer: check the server's status and logs, and the buckethead.bucket.* "
					+ "settings."),

	CORRUPT_SNAPSHOT("corrupt-snapshot", "a stored snapshot is damaged or missing",
			"Start from an older generation with buckethead.snapshot.restore-generation (list them with `buckethead "
					+ "generations list`) or buckethead.snapshot.restore-as-of, or set "
					+ "buckethead.snapshot.fallback-to-previous-generation=true. The damaged objects are left as they are."),

	CONFLICT("conflict", "another process writes the same branch",
			"Only one process may write a branch: stop the other writer, or give this one its own "
					+ "buckethead.snapshot.branch or buckethead.snapshot.key."),

	OTHER("error", null,
			"The message above says what went wrong and how to fix it; BucketHead's settings are the buckethead.* "
					+ "properties.");

	private final String code;

	private final @Nullable String summary;

	private final String action;

	BucketHeadFailure(String code, @Nullable String summary, String action) {
		this.code = code;
		this.summary = summary;
		this.action = action;
	}

	static BucketHeadFailure of(Throwable failure) {
		if (failure instanceof BucketHeadConfigException) {
			return CONFIGURATION;
		}
		if (failure instanceof CorruptSnapshotException) {
			return CORRUPT_SNAPSHOT;
		}
		if (failure instanceof SnapshotConflictException) {
			return CONFLICT;
		}
		// Not only BucketException: a deadline of the engine's own may fail with a time-out among its causes.
		BucketFailureKind kind = (failure instanceof BucketException bucket) ? bucket.kind()
				: BucketFailureKind.of(failure);
		return switch (kind) {
			case ACCESS_DENIED -> ACCESS_DENIED;
			case BUCKET_NOT_FOUND -> BUCKET_NOT_FOUND;
			case WRONG_REGION -> WRONG_REGION;
			case UNREACHABLE -> UNREACHABLE;
			case TIMED_OUT -> TIMED_OUT;
			case OTHER -> (failure instanceof BucketException) ? BUCKET_ERROR : OTHER;
		};
	}

	/** A short, stable name for machines: the {@code reason} of a problem detail. */
	String code() {
		return this.code;
	}

	/** What happened, to follow "BucketHead could not start: "; null when only the message can say. */
	@Nullable String summary() {
		return this.summary;
	}

	/** How to fix it, naming the Spring properties (and the original library's variables). */
	String action() {
		return this.action;
	}

}
