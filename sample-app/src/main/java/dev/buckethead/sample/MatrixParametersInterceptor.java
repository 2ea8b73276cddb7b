package dev.buckethead.sample;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Refuses a request whose path has {@code ;} parameters (matrix variables, as in {@code /kv/a;b=c}) with a 400
 * problem detail. Spring MVC matches paths without them and hands {@code @PathVariable} the segment cut at the
 * {@code ;}, so {@code PUT /kv/a;b=c} would silently write key {@code a}. This application reads no matrix
 * variables, so any is a mistake to report; a {@code ;} that belongs to the text is sent as {@code %3B} and reaches
 * the controller whole.
 */
class MatrixParametersInterceptor implements HandlerInterceptor {

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		// The request URI is still percent-encoded: a ';' here is a parameter separator, never an encoded %3B.
		String path = request.getRequestURI();
		int semicolon = path.indexOf(';');
		if (semicolon >= 0) {
			int start = path.lastIndexOf('/', semicolon) + 1;
			int end = path.indexOf('/', semicolon);
			String segment = path.substring(start, (end >= 0) ? end : path.length());
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "The path segment '"
					+ segment + "' has a ';' parameter; this application takes none, and would otherwise read the "
					+ "segment as '" + segment.substring(0, segment.indexOf(';'))
					+ "'. Send a ';' that belongs to a key or name as %3B.");
			problem.setTitle("Path parameters are not supported");
			throw new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
		}
		return true;
	}

}
