package dev.buckethead.bench;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import dev.buckethead.live.LiveDatabase;
import dev.buckethead.live.LiveDatabaseOptions;
import dev.buckethead.live.LiveDatabases;
import dev.buckethead.live.LiveStorage;
import dev.buckethead.live.PageCapture;
import dev.buckethead.live.PageTracker;

/**
 * What finding and reading the changed pages costs as the database grows (issue 12): on a FILE live database,
 * 1,000 random single-row updates (table {@code rows} of {@link Data}), then one page capture that reads every
 * changed page. The goal is a cost flat in database size: 2 GB ≤ 1.3 × 100 MB. Run with
 * {@code java -Xmx2g -cp benchmarks/target/benchmarks.jar dev.buckethead.bench.CaptureBench [MB ...]}
 * (default 100 2000); prints a markdown table. No S3: it measures the capture alone.
 */
public final class CaptureBench {

	private static final int UPDATES = 1000;

	private static final int ITERATIONS = 15;

	private CaptureBench() {
	}

	record Row(long dbBytes, double captureNanos, double readNanos, double closeNanos, double totalNanos,
			double minTotalNanos, double pages, double bytes) {
	}

	public static void main(String[] args) throws Exception {
		List<Long> sizes = new ArrayList<>();
		for (String arg : args) {
			sizes.add(Long.parseLong(arg) * Mode.MB);
		}
		if (sizes.isEmpty()) {
			sizes = List.of(100 * Mode.MB, 2000 * Mode.MB);
		}
		Path scratch = BenchEnv.scratchRoot().resolve("capture-" + ProcessHandle.current().pid());
		Data data = new Data(scratch.resolve("templates"));
		List<Subject> subjects = new ArrayList<>();
		try {
			for (long size : sizes) {
				System.out.println("Preparing " + Mode.label(size) + " ...");
				subjects.add(new Subject(data, size, scratch.resolve("db-" + size)));
			}
			// Rounds alternate between the databases, so that a loaded machine slows each of them alike.
			for (int i = 0; i < ITERATIONS; i++) {
				for (Subject subject : subjects) {
					subject.round();
				}
			}
		}
		finally {
			subjects.forEach(Subject::close);
			data.deleteAll();
			BenchEnv.deleteTree(scratch);
		}
		List<Row> rows = new ArrayList<>();
		subjects.forEach((subject) -> rows.add(subject.row()));
		System.out.println();
		System.out.println(report(rows));
		System.exit(0);
	}

	/** One live database being changed and captured, with what its rounds measured. */
	private static final class Subject implements AutoCloseable {

		private final long dbBytes;

		private final long rowCount;

		private final LiveDatabase live;

		private final Connection writer;

		private final PageTracker tracker;

		private final Random random;

		private final List<Long> capture = new ArrayList<>();

		private final List<Long> read = new ArrayList<>();

		private final List<Long> close = new ArrayList<>();

		private final List<Long> pages = new ArrayList<>();

		private final List<Long> bytes = new ArrayList<>();

		Subject(Data data, long size, Path directory) throws Exception {
			Files.createDirectories(directory);
			Path copy = directory.resolve("initial.db");
			Files.copy(data.template(size), copy, StandardCopyOption.REPLACE_EXISTING);
			this.dbBytes = Files.size(copy);
			this.rowCount = Data.rowsFor(size);
			this.live = LiveDatabases.open(new LiveDatabaseOptions(LiveStorage.FILE, directory.resolve("live"),
					Duration.ofSeconds(10)), copy);
			this.writer = live.open();
			this.tracker = live.pageTracker().orElseThrow();
			this.random = new Random(size);
			try (PageCapture base = tracker.captureBase(LiveDatabase.ConsistentRead.NONE)) {
				base.acknowledge();
			}
		}

		void round() throws Exception {
			Data.change(writer, rowCount, (double) UPDATES / rowCount, false, random, 1);
			long started = System.nanoTime();
			PageCapture delta = tracker.capture(LiveDatabase.ConsistentRead.NONE);
			long captured = System.nanoTime();
			ByteBuffer page = ByteBuffer.allocate(delta.pageSize());
			int[] numbers = delta.pages();
			for (int number : numbers) {
				delta.read(number, page);
			}
			long readDone = System.nanoTime();
			delta.acknowledge();
			delta.close();
			long closed = System.nanoTime();
			capture.add(captured - started);
			read.add(readDone - captured);
			close.add(closed - readDone);
			pages.add((long) numbers.length);
			bytes.add((long) numbers.length * delta.pageSize());
		}

		Row row() {
			List<Long> totals = new ArrayList<>();
			for (int i = 0; i < capture.size(); i++) {
				totals.add(capture.get(i) + read.get(i) + close.get(i));
			}
			return new Row(dbBytes, Stats.median(capture), Stats.median(read), Stats.median(close),
					Stats.median(totals), totals.stream().mapToLong(Long::longValue).min().orElse(0),
					Stats.median(pages), Stats.median(bytes));
		}

		@Override
		public void close() {
			try {
				writer.close();
			}
			catch (java.sql.SQLException ignored) {
				// Closing anyway.
			}
			live.close();
		}

	}

	static String report(List<Row> rows) {
		Report report = new Report();
		report.line("- machine: " + BenchEnv.machine());
		Report.Table table = report.table("Page capture after " + UPDATES + " random single-row updates (FILE storage)",
				"db", "capture() ms", "read pages ms", "close ms", "total ms", "fastest total ms", "pages",
				"MB of pages", "total / smallest", "fastest / smallest", "bytes / smallest");
		Row first = rows.get(0);
		for (Row row : rows) {
			table.row(Report.mb(row.dbBytes()) + " MB", Report.ms(row.captureNanos()), Report.ms(row.readNanos()),
					Report.ms(row.closeNanos()), Report.ms(row.totalNanos()), Report.ms(row.minTotalNanos()),
					Report.count((long) row.pages()), Report.mb(row.bytes()),
					Report.ratio(row.totalNanos() / first.totalNanos()),
					Report.ratio(row.minTotalNanos() / first.minTotalNanos()), Report.ratio(row.bytes() / first.bytes()));
		}
		table.note("Medians (and the fastest) of " + ITERATIONS + " rounds per database, the databases' rounds "
				+ "alternating. Each round: " + UPDATES + " `UPDATE rows SET payload = …` of "
				+ "random ids, each its own transaction, then `capture()` (pins the state under the write lock, reads "
				+ "the new WAL frame headers), reading every changed page, `acknowledge()` and `close()` (PASSIVE "
				+ "checkpoint of the captured frames, then the rest under the write lock so the WAL restarts). Nothing "
				+ "reads or hashes unchanged pages.");
		report.add(table);
		return report.toString();
	}

}
