package dev.buckethead.test.faults;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.buckethead.bucket.BucketException;
import org.jspecify.annotations.Nullable;

/**
 * Holds the calls its rule picks until {@link #release()}: a bucket that accepted the request and never answers.
 * Tests wait for calls to be held with {@link #awaitBlocked}, never by sleeping.
 */
public final class Hang extends Fault {

	private final @Nullable Duration deadline;

	private final CountDownLatch released = new CountDownLatch(1);

	private final Object arrivals = new Object();

	private int blocked;

	private int arrived;

	Hang(@Nullable Duration deadline) {
		this.deadline = deadline;
	}

	@Override
	void apply(FaultyBucketClient.Operation operation, String key) {
		synchronized (arrivals) {
			arrived++;
			blocked++;
			arrivals.notifyAll();
		}
		try {
			boolean let = deadline == null ? awaitRelease() : released.await(deadline.toMillis(), TimeUnit.MILLISECONDS);
			if (!let) {
				throw new BucketException("Cannot " + operation + " '" + key + "': no answer within the injected "
						+ "deadline of " + deadline);
			}
		}
		catch (InterruptedException ex) {
			throw interrupted(operation, key, ex);
		}
		finally {
			synchronized (arrivals) {
				blocked--;
			}
		}
	}

	private boolean awaitRelease() throws InterruptedException {
		released.await();
		return true;
	}

	@Override
	String describe() {
		return deadline == null ? "hang" : "hang at most " + deadline;
	}

	/** Lets every held call, and every later one, go on to the real bucket. */
	@Override
	public void release() {
		released.countDown();
	}

	/** Calls held right now. */
	public int blocked() {
		synchronized (arrivals) {
			return blocked;
		}
	}

	/** Calls that have arrived at this hang so far, held or since released. */
	public int arrived() {
		synchronized (arrivals) {
			return arrived;
		}
	}

	/**
	 * Waits until at least {@code calls} calls have arrived at this hang.
	 * @throws AssertionError when they have not within {@code timeout}
	 */
	public void awaitBlocked(int calls, Duration timeout) throws InterruptedException {
		long end = System.nanoTime() + timeout.toNanos();
		synchronized (arrivals) {
			while (arrived < calls) {
				long left = end - System.nanoTime();
				if (left <= 0) {
					throw new AssertionError("Expected " + calls + " calls to be held within " + timeout + ", got "
							+ arrived);
				}
				TimeUnit.NANOSECONDS.timedWait(arrivals, left);
			}
		}
	}

}
