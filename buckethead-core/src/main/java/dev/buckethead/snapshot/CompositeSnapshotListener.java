package dev.buckethead.snapshot;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import dev.buckethead.snapshot.SnapshotSession.RestoreReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends every event to every registered listener that wants it: flush events to all, restore and switch events
 * to those that are {@link SnapshotListener}s. A listener that throws is logged and skipped, so one faulty
 * listener neither fails an operation nor hides events from the others. Listeners may be added at any time.
 */
public final class CompositeSnapshotListener implements SnapshotListener {

	private static final Logger log = LoggerFactory.getLogger(CompositeSnapshotListener.class);

	private final List<FlushListener> listeners = new CopyOnWriteArrayList<>();

	public void add(FlushListener listener) {
		listeners.add(listener);
	}

	@Override
	public void onFlushStart(FlushTrigger trigger) {
		all((listener) -> listener.onFlushStart(trigger));
	}

	@Override
	public void onFlushComplete(FlushResult result) {
		all((listener) -> listener.onFlushComplete(result));
	}

	@Override
	public void onFlushError(FlushTrigger trigger, Throwable error) {
		all((listener) -> listener.onFlushError(trigger, error));
	}

	@Override
	public void onRestoreStart(String branch) {
		snapshotListeners((listener) -> listener.onRestoreStart(branch));
	}

	@Override
	public void onRestoreComplete(RestoreReport report) {
		snapshotListeners((listener) -> listener.onRestoreComplete(report));
	}

	@Override
	public void onRestoreError(String branch, Throwable error) {
		snapshotListeners((listener) -> listener.onRestoreError(branch, error));
	}

	@Override
	public void onSwitchStart(String from, String to) {
		snapshotListeners((listener) -> listener.onSwitchStart(from, to));
	}

	@Override
	public void onSwitchComplete(String from, String to, Duration duration) {
		snapshotListeners((listener) -> listener.onSwitchComplete(from, to, duration));
	}

	@Override
	public void onSwitchError(String from, String to, Throwable error) {
		snapshotListeners((listener) -> listener.onSwitchError(from, to, error));
	}

	private void all(Consumer<FlushListener> callback) {
		for (FlushListener listener : listeners) {
			safely(listener, callback);
		}
	}

	private void snapshotListeners(Consumer<SnapshotListener> callback) {
		for (FlushListener listener : listeners) {
			if (listener instanceof SnapshotListener snapshotListener) {
				safely(snapshotListener, callback);
			}
		}
	}

	private static <L> void safely(L listener, Consumer<L> callback) {
		try {
			callback.accept(listener);
		}
		catch (RuntimeException ex) {
			log.warn("Listener {} failed; the operation itself is unaffected", listener, ex);
		}
	}

}
