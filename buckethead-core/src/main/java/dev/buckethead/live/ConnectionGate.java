package dev.buckethead.live;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Lets an operation that replaces the whole database (a branch switch) run with no statement or transaction of
 * any handed-out connection in progress. Statements and transactions hold the gate shared; the replacement
 * holds it exclusively, so writes wait a moment instead of landing between the last flush of the outgoing
 * branch and the load of the new one, where they would be lost.
 */
public final class ConnectionGate {

	// Non-fair: uncontended shared entry is one CAS; a queued exclusive request still stops new entrants.
	private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

	private final Duration timeout;

	/** @param timeout how long an exclusive operation waits for open statements and transactions */
	public ConnectionGate(Duration timeout) {
		this.timeout = timeout;
	}

	void enter() {
		lock.readLock().lock();
	}

	void exit() {
		lock.readLock().unlock();
	}

	/**
	 * Runs {@code action} once every in-flight statement and transaction has finished, holding new ones back
	 * until it returns.
	 * @throws LiveDatabaseException if they do not finish within the timeout, or if the calling thread itself
	 * has a statement or transaction open
	 */
	public <T> T exclusively(Supplier<T> action) {
		if (lock.getReadHoldCount() > 0) {
			throw new LiveDatabaseException("Cannot replace the database from a thread that has a transaction open "
					+ "on a BucketHead connection; commit or roll it back first");
		}
		try {
			if (!lock.writeLock().tryLock(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new LiveDatabaseException("Gave up waiting " + timeout.toMillis() + " ms for open "
						+ "transactions on BucketHead connections to finish; a transaction left open blocks branch "
						+ "switches (" + lock.getReadLockCount() + " still open)");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new LiveDatabaseException("Interrupted while waiting for open transactions", ex);
		}
		try {
			return action.get();
		}
		finally {
			lock.writeLock().unlock();
		}
	}

	/**
	 * Runs {@code action} holding the gate shared, unless a replacement holds it right now: then returns empty at
	 * once. For readers that must never wait on a branch switch (gauges, status pages).
	 */
	public <T> java.util.Optional<T> ifOpen(Supplier<T> action) {
		if (!lock.readLock().tryLock()) {
			return java.util.Optional.empty();
		}
		try {
			return java.util.Optional.of(action.get());
		}
		finally {
			lock.readLock().unlock();
		}
	}

}
