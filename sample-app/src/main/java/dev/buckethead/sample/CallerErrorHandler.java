package dev.buckethead.sample;

import dev.buckethead.BucketHeadException;
import dev.buckethead.CallerError;
import dev.buckethead.replica.ReplicaReadOnlyException;
import dev.buckethead.shares.SharesNotConfiguredException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Turns BucketHead errors caused by the request (a malformed filter, an invalid key, an unknown file or branch)
 * into 400 or 404 problem details carrying BucketHead's message, which says what was wrong. Sharing without a share
 * bucket is a 503 saying how to configure one. Other errors stay 500s.
 */
@RestControllerAdvice
class CallerErrorHandler {

	/**
	 * A write sent to a read replica: 405 allowing only reads, with the message naming the writer's branch, so
	 * that a client (or a router) sends it to the writer instead.
	 */
	@ExceptionHandler(ReplicaReadOnlyException.class)
	org.springframework.http.ResponseEntity<ProblemDetail> handle(ReplicaReadOnlyException ex) {
		return org.springframework.http.ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED)
			.allow(org.springframework.http.HttpMethod.GET, org.springframework.http.HttpMethod.HEAD)
			.body(ProblemDetail.forStatusAndDetail(HttpStatus.METHOD_NOT_ALLOWED, ex.getMessage()));
	}

	@ExceptionHandler(BucketHeadException.class)
	ProblemDetail handle(BucketHeadException ex) throws BucketHeadException {
		if (!(ex instanceof CallerError callerError)) {
			throw ex;
		}
		HttpStatus status = callerError.notFound() ? HttpStatus.NOT_FOUND : HttpStatus.BAD_REQUEST;
		return ProblemDetail.forStatusAndDetail(status, ex.getMessage());
	}

	/**
	 * Sharing is off: the server lacks a share bucket, which no retry or other request fixes, so 503 with the
	 * message saying how to configure one (and the Spring property for it).
	 */
	@ExceptionHandler(SharesNotConfiguredException.class)
	ProblemDetail handle(SharesNotConfiguredException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, ex.getMessage()
				+ " With Spring Boot, set buckethead.shares.bucket (see buckethead.shares.* for the rest).");
		problem.setTitle("Sharing is not configured");
		return problem;
	}

	@ExceptionHandler(IllegalArgumentException.class)
	ProblemDetail handle(IllegalArgumentException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
	}

}
