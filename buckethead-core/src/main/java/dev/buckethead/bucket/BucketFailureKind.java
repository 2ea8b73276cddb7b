package dev.buckethead.bucket;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

/**
 * Why a bucket request failed, in the terms an operator acts on: the fix for refused credentials differs from the
 * fix for a server that is down. {@link #of(Throwable)} reads it from a failure's causes, so that S3 and network
 * details stay in this package and callers (a start-up failure report, a problem detail) switch on the kind.
 */
public enum BucketFailureKind {

	/** The server refused the credentials or their permissions (HTTP 401/403). */
	ACCESS_DENIED,

	/** The bucket does not exist at this endpoint. */
	BUCKET_NOT_FOUND,

	/** The bucket is in another region, or the endpoint or region is wrong for it (HTTP 301, malformed scope). */
	WRONG_REGION,

	/** No connection: nothing listens at the endpoint, its host name does not resolve, or the network drops it. */
	UNREACHABLE,

	/** The server took a connection but did not answer within the time limit. */
	TIMED_OUT,

	/** Anything else: another HTTP error, a local I/O error, an interruption. */
	OTHER;

	// The Apache client's own type, named here so that core does not compile against a transitive dependency.
	private static final String APACHE_CONNECT_TIMEOUT = "org.apache.hc.client5.http.ConnectTimeoutException";

	/**
	 * The kind of {@code failure}, from the first cause that tells: an S3 error response decides by its status and
	 * code; otherwise a connection or time-out error anywhere among the causes.
	 */
	public static BucketFailureKind of(Throwable failure) {
		Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
		for (Throwable cause = failure; cause != null && seen.add(cause); cause = cause.getCause()) {
			if (cause instanceof AwsServiceException service) {
				return ofResponse(service);
			}
			BucketFailureKind network = ofNetworkError(cause);
			if (network != null) {
				return network;
			}
		}
		return OTHER;
	}

	private static BucketFailureKind ofResponse(AwsServiceException service) {
		String code = (service.awsErrorDetails() != null) ? service.awsErrorDetails().errorCode() : null;
		int status = service.statusCode();
		if (service instanceof NoSuchBucketException || "NoSuchBucket".equals(code)) {
			return BUCKET_NOT_FOUND;
		}
		if (status == 301 || "PermanentRedirect".equals(code) || "AuthorizationHeaderMalformed".equals(code)) {
			return WRONG_REGION;
		}
		if (status == 401 || status == 403) {
			return ACCESS_DENIED;
		}
		return OTHER;
	}

	private static @Nullable BucketFailureKind ofNetworkError(Throwable cause) {
		// A connect time-out means nothing took the connection, like a refusal; checked before time-outs in general.
		if (cause instanceof ConnectException || cause instanceof UnknownHostException
				|| cause instanceof NoRouteToHostException || cause instanceof PortUnreachableException
				|| cause.getClass().getName().equals(APACHE_CONNECT_TIMEOUT)) {
			return UNREACHABLE;
		}
		if (cause instanceof ApiCallAttemptTimeoutException || cause instanceof ApiCallTimeoutException
				|| cause instanceof SocketTimeoutException || cause instanceof HttpTimeoutException
				|| cause instanceof TimeoutException) {
			return TIMED_OUT;
		}
		return null;
	}

}
