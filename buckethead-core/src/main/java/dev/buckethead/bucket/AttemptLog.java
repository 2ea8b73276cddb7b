package dev.buckethead.bucket;

import java.time.Duration;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.retries.api.AcquireInitialTokenRequest;
import software.amazon.awssdk.retries.api.AcquireInitialTokenResponse;
import software.amazon.awssdk.retries.api.RecordSuccessRequest;
import software.amazon.awssdk.retries.api.RecordSuccessResponse;
import software.amazon.awssdk.retries.api.RefreshRetryTokenRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenResponse;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.retries.api.RetryToken;

/**
 * Says, in one line and without a stack trace, every attempt of a bucket request that failed and will be tried
 * again, so that a slow start against a struggling bucket is never silent. Until the bucket has answered once
 * (typically the restore at start-up) these lines are WARN; afterwards a failing flush reports itself, and they
 * are DEBUG.
 * <p>
 * The SDK runs the attempts of a synchronous call on the calling thread, so the request being tried is known from
 * {@link #during}. Attempts that will not be retried are not logged here: their failure reaches the caller.
 */
final class AttemptLog {

	private static final Logger logger = LoggerFactory.getLogger(S3BucketClient.class);

	private static final ThreadLocal<String> current = new ThreadLocal<>();

	private final String bucket;

	private volatile boolean answered;

	AttemptLog(String bucket) {
		this.bucket = bucket;
	}

	/** Runs one SDK call, naming it for the attempts that fail (such as {@code GET key}). */
	<T> T during(String request, Supplier<T> call) {
		String outer = current.get();
		current.set(request);
		try {
			T result = call.get();
			answered = true;
			return result;
		}
		catch (AwsServiceException ex) {
			// An error status is an answer too: the bucket is reachable.
			answered = true;
			throw ex;
		}
		finally {
			if (outer == null) {
				current.remove();
			}
			else {
				current.set(outer);
			}
		}
	}

	/** {@code delegate}, reporting each attempt it decides to retry. */
	RetryStrategy reporting(RetryStrategy delegate) {
		return new Reporting(delegate);
	}

	private void retrying(Attempt failed, Throwable failure, Duration delay) {
		if (!answered || logger.isDebugEnabled()) {
			String request = current.get();
			String message = bucket + ": attempt " + failed.number() + " of " + failed.max() + " of "
					+ (request != null ? request : "a request") + " failed after "
					+ (System.nanoTime() - failed.startedNanos()) / 1_000_000 + " ms (" + oneLine(failure)
					+ "); retrying in " + delay.toMillis() + " ms";
			if (answered) {
				logger.debug(message);
			}
			else {
				logger.warn(message);
			}
		}
	}

	private static String oneLine(Throwable failure) {
		String message = String.valueOf(failure.getMessage()).replaceAll("\\s+", " ").trim();
		return message.length() > 300 ? message.substring(0, 300) + "..." : message;
	}

	/** The delegate's token, numbered. */
	private record Attempt(RetryToken token, int number, int max, long startedNanos) implements RetryToken {
	}

	private final class Reporting implements RetryStrategy {

		private final RetryStrategy delegate;

		Reporting(RetryStrategy delegate) {
			this.delegate = delegate;
		}

		@Override
		public AcquireInitialTokenResponse acquireInitialToken(AcquireInitialTokenRequest request) {
			AcquireInitialTokenResponse response = delegate.acquireInitialToken(request);
			return AcquireInitialTokenResponse.create(
					new Attempt(response.token(), 1, delegate.maxAttempts(), System.nanoTime()), response.delay());
		}

		@Override
		public RefreshRetryTokenResponse refreshRetryToken(RefreshRetryTokenRequest request) {
			Attempt failed = (Attempt) request.token();
			RefreshRetryTokenResponse response = delegate
				.refreshRetryToken(request.toBuilder().token(failed.token()).build());
			retrying(failed, request.failure(), response.delay());
			return RefreshRetryTokenResponse.create(new Attempt(response.token(), failed.number() + 1, failed.max(),
					System.nanoTime() + response.delay().toNanos()), response.delay());
		}

		@Override
		public RecordSuccessResponse recordSuccess(RecordSuccessRequest request) {
			return delegate.recordSuccess(RecordSuccessRequest.create(((Attempt) request.token()).token()));
		}

		@Override
		public int maxAttempts() {
			return delegate.maxAttempts();
		}

		@Override
		public boolean useClientDefaults() {
			// The delegate is built complete; the SDK must not rebuild it without this wrapper.
			return false;
		}

		@Override
		public Builder<?, ?> toBuilder() {
			return delegate.toBuilder();
		}

		@Override
		public void close() {
			delegate.close();
		}

	}

}
