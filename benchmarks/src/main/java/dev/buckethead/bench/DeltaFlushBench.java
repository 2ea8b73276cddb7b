package dev.buckethead.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import dev.buckethead.BucketSQLite;
import dev.buckethead.bucket.IoCounters;
import dev.buckethead.live.LiveStorage;
import dev.buckethead.snapshot.FlushResult;

/**
 * What {@code forceFlush()} costs after a one-row change with page deltas on (issue 12 goal: p50 ≤ 10 ms + one
 * PUT at 500 MB), against the same flush writing a whole-image base. Run with
 * {@code java -Xmx2g -cp benchmarks/target/benchmarks.jar dev.buckethead.bench.DeltaFlushBench [MB ...]}
 * (default 100 500); prints a markdown table. S3 is the S3Proxy test server unless BUCKETHEAD_BENCH_S3_* is set.
 * {@code -Dbench.rows=1000} changes that many random rows per flush instead of one (issue 12's fixed change: flush
 * time and bytes at 2 GB ≤ 1.3 × at 100 MB).
 */
public final class DeltaFlushBench {

	private static final int ROUNDS = 20;

	/** Rows changed (at random) before each measured flush. */
	private static final int ROWS = Integer.getInteger("bench.rows", 1);

	private DeltaFlushBench() {
	}

	record Row(long dbBytes, boolean deltas, double nanos, double minNanos, double puts, double requests,
			double bytesOut) {
	}

	public static void main(String[] args) throws Exception {
		List<Long> sizes = new ArrayList<>();
		for (String arg : args) {
			sizes.add(Long.parseLong(arg) * Mode.MB);
		}
		if (sizes.isEmpty()) {
			sizes = List.of(100 * Mode.MB, 500 * Mode.MB);
		}
		Path scratch = BenchEnv.scratchRoot().resolve("delta-flush-" + ProcessHandle.current().pid());
		Data data = new Data(scratch.resolve("templates"));
		List<Row> rows = new ArrayList<>();
		S3 s3 = S3.start(scratch);
		try {
			for (long size : sizes) {
				for (boolean deltas : new boolean[] { true, false }) {
					rows.add(measure(s3, data, size, deltas, scratch));
				}
			}
			System.out.println();
			System.out.println(report(rows, s3.describe()));
		}
		finally {
			data.deleteAll();
			BenchEnv.deleteTree(scratch);
		}
		System.exit(0);
	}

	private static Row measure(S3 s3, Data data, long size, boolean deltas, Path scratch) throws Exception {
		Path template = data.template(size);
		long dbBytes = Files.size(template);
		long rowCount = Data.rowsFor(size);
		System.out.println("Measuring " + Mode.label(size) + (deltas ? " with" : " without") + " page deltas ...");
		try (S3.Bucket bucket = s3.newBucket("delta-" + Mode.label(size).toLowerCase() + (deltas ? "-d" : "-b"))) {
			bucket.client.putFile("delta.db", template);
			try (BucketSQLite db = BucketSQLite.builder()
				.bucket(bucket.client)
				.snapshotKey("delta.db")
				.storage(LiveStorage.FILE)
				.directory(scratch.resolve("live").resolve("delta-" + System.nanoTime()))
				.flushInterval(Duration.ZERO)
				.pageDeltas(deltas)
				.build()
				.start()) {
				db.forceFlush();
				Random random = new Random(size);
				List<Long> nanos = new ArrayList<>();
				List<Long> puts = new ArrayList<>();
				List<Long> requests = new ArrayList<>();
				List<Long> bytes = new ArrayList<>();
				for (int i = 0; i < ROUNDS; i++) {
					Data.change(db.connection(), rowCount, (double) ROWS / rowCount, false, random, 1);
					IoCounters before = bucket.counters();
					long started = System.nanoTime();
					FlushResult result = db.forceFlush();
					nanos.add(System.nanoTime() - started);
					IoCounters cost = bucket.counters().minus(before);
					puts.add(cost.puts());
					requests.add(cost.totalRequests());
					bytes.add(cost.bytesOut());
					if (result.generation() == null) {
						throw new IllegalStateException("flush wrote nothing");
					}
				}
				return new Row(dbBytes, deltas, Stats.median(nanos), nanos.stream().mapToLong(Long::longValue).min()
					.orElse(0), Stats.median(puts), Stats.median(requests), Stats.median(bytes));
			}
		}
	}

	static String report(List<Row> rows, String s3) {
		Report report = new Report();
		report.line("- machine: " + BenchEnv.machine());
		report.line("- S3: " + s3);
		Report.Table table = report.table("forceFlush() after " + (ROWS == 1 ? "a one-row change" : ROWS
				+ " random rows changed") + " (FILE storage, table rows)", "db",
				"flush", "p50 ms", "fastest ms", "PUTs", "requests", "KB sent");
		for (Row row : rows) {
			table.row(Report.mb(row.dbBytes()) + " MB", row.deltas() ? "page delta" : "whole-image base",
					Report.ms(row.nanos()), Report.ms(row.minNanos()), Report.count((long) row.puts()),
					Report.count((long) row.requests()), Report.count((long) (row.bytesOut() / 1024)));
		}
		table.note("Medians of " + ROUNDS + " flushes, each after `UPDATE rows SET payload = …` of " + ROWS
				+ " random id(s). "
				+ "A page delta is one If-None-Match PUT of the step object (claim and pages); the head is rewritten "
				+ "every " + dev.buckethead.snapshot.ChainLimits.DEFAULT_HEAD_LAG_STEPS + " steps, which "
				+ ROUNDS + " rounds do not reach. The base flush reads and hashes the whole image.");
		report.add(table);
		return report.toString();
	}

}
