package dev.buckethead.snapshot;

import java.time.Duration;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Callbacks around every flush, for metrics, tracing or alerts. They run on the flushing thread: keep them
 * short. An exception thrown by a listener is logged and does not affect the flush.
 */
public interface FlushListener {

	default void onFlushStart(FlushTrigger trigger) {
	}

	/** After a flush wrote a generation or skipped ({@code result.bytesUploaded() == 0}). */
	default void onFlushComplete(FlushResult result) {
	}

	default void onFlushError(FlushTrigger trigger, Throwable error) {
	}

	/**
	 * The original library's three callbacks as lambdas: {@code on_flush_start}, {@code on_flush_complete(duration,
	 * bytes_uploaded)} (0 bytes = skipped) and {@code on_flush_error(exception)}.
	 */
	static FlushListener of(Runnable onStart, BiConsumer<Duration, Long> onComplete, Consumer<Throwable> onError) {
		return new FlushListener() {

			@Override
			public void onFlushStart(FlushTrigger trigger) {
				onStart.run();
			}

			@Override
			public void onFlushComplete(FlushResult result) {
				onComplete.accept(result.duration(), result.bytesUploaded());
			}

			@Override
			public void onFlushError(FlushTrigger trigger, Throwable error) {
				onError.accept(error);
			}

		};
	}

}
