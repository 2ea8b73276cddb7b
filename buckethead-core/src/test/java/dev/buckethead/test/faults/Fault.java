package dev.buckethead.test.faults;

import java.time.Duration;
import java.util.function.Supplier;

import dev.buckethead.bucket.BucketException;
import org.jspecify.annotations.Nullable;

/** What a rule of {@link FaultyBucketClient} does to a call before (if at all) it reaches the real bucket. */
abstract class Fault {

	/** Runs on the calling thread; returns to let the call go on, or throws to fail it. */
	abstract void apply(FaultyBucketClient.Operation operation, String key);

	/** For the call log. */
	abstract String describe();

	/** Lets held calls go; nothing for faults that hold nothing. */
	void release() {
	}

	static Fault delay(Duration latency) {
		return new Fault() {

			@Override
			void apply(FaultyBucketClient.Operation operation, String key) {
				try {
					// The injected latency itself, not a wait for another thread.
					Thread.sleep(latency.toMillis());
				}
				catch (InterruptedException ex) {
					throw interrupted(operation, key, ex);
				}
			}

			@Override
			String describe() {
				return "delay " + latency;
			}

		};
	}

	static Hang hang(@Nullable Duration deadline) {
		return new Hang(deadline);
	}

	static Fault fail(@Nullable Supplier<? extends RuntimeException> error) {
		return new Fault() {

			@Override
			void apply(FaultyBucketClient.Operation operation, String key) {
				throw error != null ? error.get()
						: new BucketException("Cannot " + operation + " '" + key + "': injected fault");
			}

			@Override
			String describe() {
				return "fail";
			}

		};
	}

	static BucketException interrupted(FaultyBucketClient.Operation operation, String key, InterruptedException ex) {
		Thread.currentThread().interrupt();
		return new BucketException("Cannot " + operation + " '" + key + "': the thread was interrupted", ex);
	}

}
