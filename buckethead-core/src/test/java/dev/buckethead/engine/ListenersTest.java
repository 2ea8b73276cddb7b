package dev.buckethead.engine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.buckethead.BucketSQLite;
import dev.buckethead.live.LiveStorage;
import dev.buckethead.snapshot.FlushListener;
import dev.buckethead.snapshot.FlushResult;
import dev.buckethead.snapshot.FlushTrigger;
import dev.buckethead.snapshot.SnapshotConflictException;
import dev.buckethead.snapshot.SnapshotListener;
import dev.buckethead.snapshot.SnapshotSession.RestoreReport;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;

import static dev.buckethead.engine.EngineFixture.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

class ListenersTest extends EngineTest {


	@Test
	void theOriginalThreeCallbacksAsLambdas() throws Exception {
		List<String> calls = new CopyOnWriteArrayList<>();
		FlushListener listener = FlushListener.of(() -> calls.add("start"),
				(duration, bytes) -> calls.add("complete " + (bytes > 0 ? "uploaded" : "skipped")),
				(error) -> calls.add("error " + error.getClass().getSimpleName()));
		try (BucketSQLite db = fixture.start(LiveStorage.FILE, (b) -> b.listener(listener))) {
			execute(db.connection(), "CREATE TABLE t (x)");
			db.forceFlush();
			db.forceFlush();
		}
		// The last two: the final flush at close, skipped because nothing changed.
		assertThat(calls).containsExactly("start", "complete uploaded", "start", "complete skipped", "start",
				"complete skipped");
	}

	@Test
	void aThrowingListenerNeitherFailsTheFlushNorSilencesTheOthers() throws Exception {
		List<String> heard = new CopyOnWriteArrayList<>();
		FlushListener broken = new FlushListener() {
			@Override
			public void onFlushComplete(FlushResult result) {
				throw new IllegalStateException("listener bug");
			}
		};
		FlushListener healthy = new FlushListener() {
			@Override
			public void onFlushComplete(FlushResult result) {
				heard.add(result.outcome().name());
			}
		};
		try (BucketSQLite db = fixture.start(LiveStorage.FILE, (b) -> b.listener(broken).listener(healthy))) {
			execute(db.connection(), "CREATE TABLE t (x)");
			assertThat(db.forceFlush().outcome()).isEqualTo(dev.buckethead.snapshot.FlushOutcome.SUCCESS);
			assertThat(db.statistics().failures()).isZero();
		}
		assertThat(heard).containsExactly("SUCCESS", "SKIPPED");
	}

	@Test
	void flushErrorsReachListenersWithTheException() throws Exception {
		List<Throwable> errors = new CopyOnWriteArrayList<>();
		BucketSQLite first = fixture.start(LiveStorage.FILE);
		execute(first.connection(), "CREATE TABLE t (x)");
		first.forceFlush();
		BucketSQLite second = fixture.start(LiveStorage.FILE, (b) -> b.listener(new FlushListener() {
			@Override
			public void onFlushError(FlushTrigger trigger, Throwable error) {
				errors.add(error);
			}
		}));
		execute(first.connection(), "INSERT INTO t VALUES (1)");
		first.close();
		execute(second.connection(), "INSERT INTO t VALUES (2)");
		Throwable thrown = catchThrowable(second::forceFlush);
		assertThat(thrown).isInstanceOf(SnapshotConflictException.class);
		assertThat(errors).containsExactly(thrown);
		assertThat(second.statistics().consecutiveFailures()).isEqualTo(1);
		assertThatThrownBy(second::close);
	}

	@Test
	void snapshotListenersHearRestoreAndSwitch() {
		List<String> events = new CopyOnWriteArrayList<>();
		SnapshotListener listener = new SnapshotListener() {
			@Override
			public void onRestoreComplete(RestoreReport report) {
				events.add("restored " + report.branch() + " from " + report.source());
			}

			@Override
			public void onSwitchStart(String from, String to) {
				events.add("switch " + from + "->" + to);
			}

			@Override
			public void onSwitchComplete(String from, String to, Duration duration) {
				events.add("switched " + from + "->" + to);
			}

			@Override
			public void onFlushComplete(FlushResult result) {
				events.add("flush " + result.trigger() + " " + result.outcome());
			}
		};
		try (BucketSQLite db = fixture.start(LiveStorage.FILE, (b) -> b.listener(listener))) {
			db.kv().set("a", "b");
			db.branches().create("x");
			db.branches().switchTo("x");
		}
		assertThat(events).containsExactly("restored main from empty (no snapshot yet)", "flush BRANCH SUCCESS",
				"switch main->x", "flush BRANCH SKIPPED", "flush BRANCH SKIPPED", "switched main->x",
				"flush SHUTDOWN SKIPPED");
	}

	@Test
	void flightRecorderEventsAndIoCounters() throws Exception {
		Path dump = temp.resolve("flush.jfr");
		try (Recording recording = new Recording()) {
			recording.enable("dev.buckethead.Flush");
			recording.enable("dev.buckethead.Restore");
			recording.start();
			try (BucketSQLite db = fixture.start(LiveStorage.FILE, (b) -> b.flightRecorder(true))) {
				execute(db.connection(), "CREATE TABLE t (x)");
				FlushResult result = db.forceFlush();
				assertThat(db.ioCounters().puts()).isEqualTo(result.chunksUploaded() + 2);
				assertThat(db.ioCounters().toJson()).contains("\"put\":").contains("\"bytesOut\":");
			}
			recording.stop();
			recording.dump(dump);
		}
		List<RecordedEvent> events = RecordingFile.readAllEvents(dump);
		assertThat(events).extracting((e) -> e.getEventType().getName())
			.contains("dev.buckethead.Flush", "dev.buckethead.Restore");
		RecordedEvent flush = events.stream()
			.filter((e) -> e.getEventType().getName().equals("dev.buckethead.Flush")
					&& "success".equals(e.getString("outcome")))
			.findFirst()
			.orElseThrow();
		assertThat(flush.getLong("bytesUploaded")).isPositive();
		assertThat(flush.getString("trigger")).isEqualTo("manual");
	}

}
