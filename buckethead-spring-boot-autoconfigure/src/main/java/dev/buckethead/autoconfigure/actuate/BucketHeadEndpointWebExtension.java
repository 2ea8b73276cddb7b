package dev.buckethead.autoconfigure.actuate;

import dev.buckethead.BucketSQLite;
import dev.buckethead.autoconfigure.BucketHeadProperties;
import dev.buckethead.autoconfigure.FlushProblem;

import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;
import org.springframework.util.MimeType;

/**
 * The {@link BucketHeadEndpoint} over HTTP: {@code POST /actuator/buckethead} answers a failed flush with
 * {@code 503} and an RFC 9457 problem detail ({@code application/problem+json}, see {@link FlushProblem}) saying
 * why and how many flushes failed in a row, rather than a bare 500. Other operations are the endpoint's own.
 */
@EndpointWebExtension(endpoint = BucketHeadEndpoint.class)
public class BucketHeadEndpointWebExtension {

	static final MimeType PROBLEM_JSON = MimeType.valueOf("application/problem+json");

	private final BucketHeadEndpoint endpoint;

	private final BucketSQLite database;

	private final BucketHeadProperties properties;

	public BucketHeadEndpointWebExtension(BucketHeadEndpoint endpoint, BucketSQLite database,
			BucketHeadProperties properties) {
		this.endpoint = endpoint;
		this.database = database;
		this.properties = properties;
	}

	/** Flushes now (trigger {@code manual}); a failure answers 503 with a problem detail. */
	@WriteOperation
	public WebEndpointResponse<Object> flush() {
		try {
			return new WebEndpointResponse<>(this.endpoint.flush());
		}
		catch (RuntimeException ex) {
			FlushProblem problem = FlushProblem.of(ex, this.database, this.properties);
			return new WebEndpointResponse<>(problem.toMap(), problem.status(), PROBLEM_JSON);
		}
	}

}
