package dev.buckethead.profiling;

import dev.buckethead.snapshot.FlushResult;
import dev.buckethead.snapshot.FlushTrigger;
import dev.buckethead.snapshot.SnapshotListener;
import dev.buckethead.snapshot.SnapshotSession.RestoreReport;

/**
 * Emits {@code dev.buckethead.Flush} and {@code dev.buckethead.Restore} Java Flight Recorder events, so memory
 * and CPU profiling of flushes uses the JDK's own recorder: start one with
 * {@code -XX:StartFlightRecording} or {@code jcmd <pid> JFR.start} and look for the BucketHead category.
 * Events cost next to nothing while no recording is running. Flushes never overlap, so one event in flight
 * per kind is enough.
 */
public final class FlightRecorderListener implements SnapshotListener {

	private volatile FlushEvent flush;

	private volatile RestoreEvent restore;

	@Override
	public void onFlushStart(FlushTrigger trigger) {
		FlushEvent event = new FlushEvent();
		event.trigger = trigger.name().toLowerCase(java.util.Locale.ROOT);
		event.begin();
		flush = event;
	}

	@Override
	public void onFlushComplete(FlushResult result) {
		FlushEvent event = flush;
		if (event == null) {
			return;
		}
		event.end();
		if (event.shouldCommit()) {
			event.outcome = result.outcome().name().toLowerCase(java.util.Locale.ROOT);
			event.branch = result.branch();
			event.generation = result.generation();
			event.bytesUploaded = result.bytesUploaded();
			event.chunksUploaded = result.chunksUploaded();
			event.chunksReused = result.chunksReused();
			event.databaseSize = result.databaseSize();
			event.commit();
		}
		flush = null;
	}

	@Override
	public void onFlushError(FlushTrigger trigger, Throwable error) {
		FlushEvent event = flush;
		if (event != null) {
			event.end();
			event.outcome = "error";
			event.commit();
			flush = null;
		}
	}

	@Override
	public void onRestoreStart(String branch) {
		RestoreEvent event = new RestoreEvent();
		event.branch = branch;
		event.begin();
		restore = event;
	}

	@Override
	public void onRestoreComplete(RestoreReport report) {
		RestoreEvent event = restore;
		if (event == null) {
			return;
		}
		event.end();
		event.generation = report.generation();
		event.source = report.source();
		event.bytesDownloaded = report.bytesDownloaded();
		event.outcome = "success";
		event.commit();
		restore = null;
	}

	@Override
	public void onRestoreError(String branch, Throwable error) {
		RestoreEvent event = restore;
		if (event != null) {
			event.end();
			event.outcome = "error";
			event.commit();
			restore = null;
		}
	}

}
