package dev.buckethead.bucket;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.buckethead.config.BucketHeadConfigException;

/**
 * How long, and how many times, one bucket call may try: every wait on the bucket has a deadline. Start from
 * {@link #defaults()} and change what you need: {@code BucketTimeouts.defaults().withCallTimeout(...)}.
 * <p>
 * The defaults fit a Kubernetes pod's 30 s grace period: a hung bucket fails a call after at most
 * {@link #DEFAULT_CALL_TIMEOUT} (15 s), so a final flush against it gives up with half the grace period left for
 * keeping the live file and exiting. A healthy S3, R2 or MinIO answers a small request in well under a second, so
 * {@link #DEFAULT_ATTEMPT_TIMEOUT} (5 s) only cuts attempts that are stuck, and the call deadline leaves room for
 * three of them.
 * <p>
 * A request that uploads {@code n} bytes gets {@code n} ÷ {@link #MIN_UPLOAD_BYTES_PER_SECOND} seconds more, per
 * attempt and per call (see {@link #attemptTimeoutFor(long)}): a 16 MiB part of a large file upload has 21 s per
 * attempt, a 1 MiB snapshot chunk 6 s. The connect and read timeouts never exceed the attempt timeout.
 *
 * @param connectTimeout opening a connection (TCP and TLS)
 * @param readTimeout the longest silence while waiting for the server's bytes (the HTTP client's socket timeout)
 * @param attemptTimeout one attempt of one request, from sending it to reading its whole answer; a timed-out
 * attempt is retried while attempts and call time are left
 * @param callTimeout one call: every attempt and every backoff between them; the most a caller ever waits
 * @param maxAttempts attempts per call, the first included
 */
public record BucketTimeouts(Duration connectTimeout, Duration readTimeout, Duration attemptTimeout,
		Duration callTimeout, int maxAttempts) {

	/** 3 s: a connection within a region opens in milliseconds; this allows a lost SYN to be sent again. */
	public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);

	/** 5 s of silence from a server that accepted the request means it is stuck, not slow. */
	public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(5);

	/** 5 s per attempt: far above a healthy server's answer time, short enough to retry a stuck one twice. */
	public static final Duration DEFAULT_ATTEMPT_TIMEOUT = Duration.ofSeconds(5);

	/** 15 s per call: half of Kubernetes' default 30 s grace period (see the class comment). */
	public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(15);

	/**
	 * 5 attempts: quick failures (connection refused, 503 Slow Down) are retried with backoff up to 5 times within
	 * the call deadline; stuck attempts use up the call deadline after three.
	 */
	public static final int DEFAULT_MAX_ATTEMPTS = 5;

	/** The slowest upload the deadlines allow for without being configured: 1 MiB per second. */
	public static final long MIN_UPLOAD_BYTES_PER_SECOND = 1024 * 1024;

	public BucketTimeouts {
		List<String> problems = new ArrayList<>();
		positive(problems, "connect timeout", connectTimeout);
		positive(problems, "read timeout", readTimeout);
		boolean limits = positive(problems, "attempt timeout", attemptTimeout)
				& positive(problems, "call timeout", callTimeout);
		if (limits && attemptTimeout.compareTo(callTimeout) > 0) {
			problems.add("the attempt timeout (" + attemptTimeout + ") must not be longer than the call timeout ("
					+ callTimeout + "), which includes every attempt");
		}
		if (maxAttempts < 1) {
			problems.add("max attempts must be at least 1, got " + maxAttempts);
		}
		if (!problems.isEmpty()) {
			throw new BucketHeadConfigException(problems);
		}
	}

	/** Connect 3 s, read 5 s, attempt 5 s, call 15 s, 5 attempts. */
	public static BucketTimeouts defaults() {
		return new BucketTimeouts(DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT, DEFAULT_ATTEMPT_TIMEOUT,
				DEFAULT_CALL_TIMEOUT, DEFAULT_MAX_ATTEMPTS);
	}

	public BucketTimeouts withConnectTimeout(Duration connectTimeout) {
		return new BucketTimeouts(connectTimeout, readTimeout, attemptTimeout, callTimeout, maxAttempts);
	}

	public BucketTimeouts withReadTimeout(Duration readTimeout) {
		return new BucketTimeouts(connectTimeout, readTimeout, attemptTimeout, callTimeout, maxAttempts);
	}

	public BucketTimeouts withAttemptTimeout(Duration attemptTimeout) {
		return new BucketTimeouts(connectTimeout, readTimeout, attemptTimeout, callTimeout, maxAttempts);
	}

	public BucketTimeouts withCallTimeout(Duration callTimeout) {
		return new BucketTimeouts(connectTimeout, readTimeout, attemptTimeout, callTimeout, maxAttempts);
	}

	public BucketTimeouts withMaxAttempts(int maxAttempts) {
		return new BucketTimeouts(connectTimeout, readTimeout, attemptTimeout, callTimeout, maxAttempts);
	}

	/** The connect timeout as applied: never longer than an attempt. */
	public Duration effectiveConnectTimeout() {
		return shorter(connectTimeout, attemptTimeout);
	}

	/** The read timeout as applied: never longer than an attempt. */
	public Duration effectiveReadTimeout() {
		return shorter(readTimeout, attemptTimeout);
	}

	/** The attempt deadline of a request that uploads {@code uploadBytes} bytes. */
	public Duration attemptTimeoutFor(long uploadBytes) {
		return attemptTimeout.plus(uploadAllowance(uploadBytes));
	}

	/** The call deadline of a request that uploads {@code uploadBytes} bytes. */
	public Duration callTimeoutFor(long uploadBytes) {
		return callTimeout.plus(uploadAllowance(uploadBytes));
	}

	/** For logs and errors: {@code 5 attempts of at most 5s within 15s}. */
	public String describe() {
		return maxAttempts + (maxAttempts == 1 ? " attempt" : " attempts") + " of at most " + seconds(attemptTimeout)
				+ " within " + seconds(callTimeout);
	}

	private static Duration uploadAllowance(long uploadBytes) {
		return Duration.ofMillis(Math.max(0, uploadBytes) * 1000 / MIN_UPLOAD_BYTES_PER_SECOND);
	}

	private static Duration shorter(Duration a, Duration b) {
		return a.compareTo(b) <= 0 ? a : b;
	}

	static String seconds(Duration duration) {
		long millis = duration.toMillis();
		return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
	}

	private static boolean positive(List<String> problems, String name, Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			problems.add("the " + name + " must be positive, got " + value);
			return false;
		}
		return true;
	}

}
