package dev.buckethead.sample;

import dev.buckethead.BucketHeadException;
import dev.buckethead.CallerError;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Turns BucketHead errors caused by the request (a malformed filter, an invalid key, an unknown file or branch)
 * into 400 or 404 problem details carrying BucketHead's message, which says what was wrong. Other errors stay
 * 500s.
 */
@RestControllerAdvice
class CallerErrorHandler {

	@ExceptionHandler(BucketHeadException.class)
	ProblemDetail handle(BucketHeadException ex) throws BucketHeadException {
		if (!(ex instanceof CallerError callerError)) {
			throw ex;
		}
		HttpStatus status = callerError.notFound() ? HttpStatus.NOT_FOUND : HttpStatus.BAD_REQUEST;
		return ProblemDetail.forStatusAndDetail(status, ex.getMessage());
	}

	@ExceptionHandler(IllegalArgumentException.class)
	ProblemDetail handle(IllegalArgumentException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
	}

}
