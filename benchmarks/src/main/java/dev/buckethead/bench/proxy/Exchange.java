package dev.buckethead.bench.proxy;

/**
 * One request and its response as they passed the proxy: the method, the request target, the final status, when the
 * request's head arrived and when the response's last byte left (nanoTime), and the two bodies' lengths.
 */
public record Exchange(String method, String target, int status, long startNanos, long endNanos,
		long requestBodyBytes, long responseBodyBytes) {
}
