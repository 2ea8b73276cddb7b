package dev.buckethead.bucket;

import java.util.Objects;

/**
 * How much a {@link CountingBucketClient} has asked of its bucket: calls per kind of operation, and bytes moved.
 * An immutable snapshot; subtract an earlier one with {@link #minus(IoCounters)} to see what a piece of work
 * cost, such as "a flush with nothing to write makes no requests".
 * <p>
 * Counts are of {@link BucketClient} calls, not HTTP requests: a {@code list} that follows three pages, or a
 * {@code putFile} sent in parts, counts once, and retries inside the client are not counted.
 *
 * @param gets calls to {@code get} and {@code openStream} (whole objects and ranges)
 * @param heads calls to {@code head}
 * @param puts calls to {@code put} and {@code putFile}
 * @param deletes calls to {@code delete}
 * @param lists calls to {@code list}
 * @param bytesIn bytes received from the bucket: object bytes read by {@code get}, and read from (or skipped
 * over in) the streams {@code openStream} returned, which is what those streams fetch
 * @param bytesOut bytes sent to the bucket by {@code put} and {@code putFile} calls that succeeded
 */
public record IoCounters(long gets, long heads, long puts, long deletes, long lists, long bytesIn, long bytesOut) {

	/** No requests, no bytes. */
	public static final IoCounters ZERO = new IoCounters(0, 0, 0, 0, 0, 0, 0);

	/** The kinds of bucket operation that are counted. */
	public enum Kind {

		/** {@code get} and {@code openStream}. */
		GET,
		/** {@code head}. */
		HEAD,
		/** {@code put} and {@code putFile}. */
		PUT,
		/** {@code delete}. */
		DELETE,
		/** {@code list}. */
		LIST

	}

	/** Calls of one kind. */
	public long requests(Kind kind) {
		Objects.requireNonNull(kind, "kind");
		return switch (kind) {
			case GET -> gets;
			case HEAD -> heads;
			case PUT -> puts;
			case DELETE -> deletes;
			case LIST -> lists;
		};
	}

	/** Calls of every kind. */
	public long totalRequests() {
		return gets + heads + puts + deletes + lists;
	}

	/** What was counted after {@code earlier} was taken. */
	public IoCounters minus(IoCounters earlier) {
		return new IoCounters(gets - earlier.gets, heads - earlier.heads, puts - earlier.puts,
				deletes - earlier.deletes, lists - earlier.lists, bytesIn - earlier.bytesIn,
				bytesOut - earlier.bytesOut);
	}

	/**
	 * A one-line JSON summary for logs and status pages, such as
	 * <code>{"requests":3,"get":1,"head":0,"put":2,"delete":0,"list":0,"bytesIn":10,"bytesOut":20}</code>.
	 */
	public String toJson() {
		return "{\"requests\":" + totalRequests() + ",\"get\":" + gets + ",\"head\":" + heads + ",\"put\":" + puts
				+ ",\"delete\":" + deletes + ",\"list\":" + lists + ",\"bytesIn\":" + bytesIn + ",\"bytesOut\":"
				+ bytesOut + "}";
	}

}
