package dev.buckethead.live;

/**
 * How a connection's transactions begin ({@code setAutoCommit(false)}).
 */
public enum TransactionMode {

	/**
	 * {@code BEGIN DEFERRED}: the write lock is taken at the first write. A transaction that reads first and
	 * writes later can fail with SQLITE_BUSY when another connection wrote in between.
	 */
	DEFERRED,

	/**
	 * {@code BEGIN IMMEDIATE}: the write lock is taken at the start, so concurrent transactions queue on the busy
	 * timeout instead of failing. What pooled application connections want.
	 */
	IMMEDIATE

}
