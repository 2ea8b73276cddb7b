package dev.buckethead.bench.proxy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * What passed a {@link CountingProxy} up to a moment: every completed exchange in order, and the raw bytes each way
 * (heads and framing included). Take one before and one after a step and {@link #since subtract}.
 */
public record Traffic(List<Exchange> exchanges, long wireBytesUp, long wireBytesDown) {

	public static final Traffic NONE = new Traffic(List.of(), 0, 0);

	public Traffic {
		exchanges = List.copyOf(exchanges);
	}

	/** What passed after {@code earlier}, a snapshot of the same proxy. */
	public Traffic since(Traffic earlier) {
		if (earlier.exchanges.size() > exchanges.size()) {
			throw new IllegalArgumentException("earlier is not a snapshot taken before this one");
		}
		return new Traffic(exchanges.subList(earlier.exchanges.size(), exchanges.size()),
				wireBytesUp - earlier.wireBytesUp, wireBytesDown - earlier.wireBytesDown);
	}

	/** Only the exchanges that {@code filter} accepts (raw byte totals are kept as they are). */
	public Traffic only(Predicate<Exchange> filter) {
		return new Traffic(exchanges.stream().filter(filter).toList(), wireBytesUp, wireBytesDown);
	}

	public long requests() {
		return exchanges.size();
	}

	public long requests(String method) {
		return exchanges.stream().filter((e) -> e.method().equals(method)).count();
	}

	/** Requests by method, such as {@code {GET=3, PUT=12}}. */
	public Map<String, Long> byMethod() {
		Map<String, Long> counts = new TreeMap<>();
		exchanges.forEach((e) -> counts.merge(e.method(), 1L, Long::sum));
		return counts;
	}

	/** Request body bytes: what was uploaded (the payload: aws-chunked signatures are in the wire bytes only). */
	public long bytesUp() {
		return exchanges.stream().mapToLong(Exchange::requestBodyBytes).sum();
	}

	/** Response body bytes: what was downloaded. */
	public long bytesDown() {
		return exchanges.stream().mapToLong(Exchange::responseBodyBytes).sum();
	}

	/**
	 * The uploads as bursts: runs of PUT/POST exchanges where each starts within {@code quietNanos} of the previous
	 * one's end (one flush's objects, or one WAL segment), each burst as the start of its first exchange.
	 */
	public List<Long> uploadBurstStarts(long quietNanos) {
		List<Long> starts = new ArrayList<>();
		long lastEnd = Long.MIN_VALUE;
		for (Exchange e : exchanges.stream()
			.filter((x) -> x.method().equals("PUT") || x.method().equals("POST"))
			.sorted((a, b) -> Long.compare(a.startNanos(), b.startNanos()))
			.toList()) {
			if (starts.isEmpty() || e.startNanos() - lastEnd > quietNanos) {
				starts.add(e.startNanos());
			}
			lastEnd = Math.max(lastEnd, e.endNanos());
		}
		return starts;
	}

}
