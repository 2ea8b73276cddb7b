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

	private static final int ITERATIONS = 7;

	private CaptureBench() {
	}

	record Row(long dbBytes, double captureNanos, double readNanos, double closeNanos, double pages, double bytes) {

		double totalNanos() {
			return captureNanos + readNanos + closeNanos;
		}

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
		List<Row> rows = new ArrayList<>();
		try {
			for (long size : sizes) {
				System.out.println("Capture at " + Mode.label(size) + " ...");
				rows.add(measure(data, size, scratch));
			}
		}
		finally {
			data.deleteAll();
			BenchEnv.deleteTree(scratch);
		}
		System.out.println();
		System.out.println(report(rows));
		System.exit(0);
	}

	static Row measure(Data data, long size, Path scratch) throws Exception {
		Path copy = scratch.resolve("initial.db");
		Files.createDirectories(scratch);
		Files.copy(data.template(size), copy, StandardCopyOption.REPLACE_EXISTING);
		long dbBytes = Files.size(copy);
		long rowCount = Data.rowsFor(size);
		LiveDatabaseOptions options = new LiveDatabaseOptions(LiveStorage.FILE, scratch.resolve("live"),
				Duration.ofSeconds(10));
		List<Long> capture = new ArrayList<>();
		List<Long> read = new ArrayList<>();
		List<Long> close = new ArrayList<>();
		List<Long> pages = new ArrayList<>();
		List<Long> bytes = new ArrayList<>();
		try (LiveDatabase live = LiveDatabases.open(options, copy); Connection writer = live.open()) {
			PageTracker tracker = live.pageTracker().orElseThrow();
			try (PageCapture base = tracker.captureBase(LiveDatabase.ConsistentRead.NONE)) {
				base.acknowledge();
			}
			Random random = new Random(size);
			for (int i = 0; i < ITERATIONS; i++) {
				Data.change(writer, rowCount, (double) UPDATES / rowCount, false, random, 1);
				long started = System.nanoTime();
				PageCapture delta = tracker.capture(LiveDatabase.ConsistentRead.NONE);
				long captured = System.nanoTime();
				ByteBuffer page = ByteBuffer.allocate(delta.pageSize());
				long sum = 0;
				int[] numbers = delta.pages();
				for (int number : numbers) {
					delta.read(number, page);
					sum += page.get(0);
				}
				long readDone = System.nanoTime();
				delta.acknowledge();
				delta.close();
				long closed = System.nanoTime();
				if (sum == Long.MIN_VALUE) {
					System.out.println("unreachable");
				}
				capture.add(captured - started);
				read.add(readDone - captured);
				close.add(closed - readDone);
				pages.add((long) numbers.length);
				bytes.add((long) numbers.length * delta.pageSize());
			}
		}
		return new Row(dbBytes, Stats.median(capture), Stats.median(read), Stats.median(close), Stats.median(pages),
				Stats.median(bytes));
	}

	static String report(List<Row> rows) {
		Report report = new Report();
		report.line("- machine: " + BenchEnv.machine());
		Report.Table table = report.table("Page capture after " + UPDATES + " random single-row updates (FILE storage)",
				"db", "capture() ms", "read pages ms", "close ms", "total ms", "pages", "MB of pages", "total / smallest",
				"bytes / smallest");
		Row first = rows.get(0);
		for (Row row : rows) {
			table.row(Report.mb(row.dbBytes()) + " MB", Report.ms(row.captureNanos()), Report.ms(row.readNanos()),
					Report.ms(row.closeNanos()), Report.ms(row.totalNanos()), Report.count((long) row.pages()),
					Report.mb(row.bytes()), Report.ratio(row.totalNanos() / first.totalNanos()),
					Report.ratio(row.bytes() / first.bytes()));
		}
		table.note("Medians of " + ITERATIONS + " rounds. Each round: " + UPDATES + " `UPDATE rows SET payload = …` of "
				+ "random ids, each its own transaction, then `capture()` (pins the state under the write lock, reads "
				+ "the new WAL frame headers, PASSIVE checkpoint), reading every changed page, `acknowledge()` and "
				+ "`close()` (checkpoints the rest under the write lock so the WAL restarts). Nothing reads or hashes "
				+ "unchanged pages.");
		report.add(table);
		return report.toString();
	}

}
