package dev.buckethead.snapshot;

import java.time.Duration;

import dev.buckethead.snapshot.SnapshotSession.RestoreReport;

/**
 * A {@link FlushListener} that also hears about the restore at start-up and about branch switches: the three
 * operations worth a timer and a trace span. Callbacks run on the thread doing the operation; a failing
 * callback is logged and ignored.
 */
public interface SnapshotListener extends FlushListener {

	default void onRestoreStart(String branch) {
	}

	default void onRestoreComplete(RestoreReport report) {
	}

	default void onRestoreError(String branch, Throwable error) {
	}

	default void onSwitchStart(String from, String to) {
	}

	default void onSwitchComplete(String from, String to, Duration duration) {
	}

	default void onSwitchError(String from, String to, Throwable error) {
	}

}
