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
import dev.buckethead.snapshot.ChainLimits;

/**
 * What a restore costs at the end of a long chain of tiny delta steps (a trickle's: 10 random rows per step), the
 * chain the step limit ({@link ChainLimits#DEFAULT_MAX_STEPS}) allows: GETs, bytes and time of a fresh engine's
 * {@code start()}, the steps read in parallel windows. Run with
 * {@code java -Xmx2g -cp benchmarks/target/benchmarks.jar dev.buckethead.bench.ChainRestoreBench [MB [steps ...]]}
 * (default 100 MB, 600 3600 14400 steps); prints a markdown table.
 */
public final class ChainRestoreBench {

	private static final int ROWS_PER_STEP = 10;

	private static final int RESTORES = 3;

	private ChainRestoreBench() {
	}

	record Row(long dbBytes, int steps, double writeSeconds, double nanos, double gets, double bytesIn) {
	}

	public static void main(String[] args) throws Exception {
		long size = (args.length > 0 ? Long.parseLong(args[0]) : 100) * Mode.MB;
		List<Integer> lengths = new ArrayList<>();
		for (int i = 1; i < args.length; i++) {
			lengths.add(Integer.parseInt(args[i]));
		}
		if (lengths.isEmpty()) {
			lengths = List.of(600, 3600, 14_400);
		}
		Path scratch = BenchEnv.scratchRoot().resolve("chain-restore-" + ProcessHandle.current().pid());
		Data data = new Data(scratch.resolve("templates"));
		List<Row> rows = new ArrayList<>();
		String load = BenchEnv.loadAverage();
		S3 s3 = S3.start(scratch);
		try {
			Path template = data.template(size);
			long dbBytes = Files.size(template);
			long rowCount = Data.rowsFor(size);
			int longest = lengths.stream().mapToInt(Integer::intValue).max().orElseThrow();
			// No base and no compaction before the longest chain: the restore reads the base and every step.
			ChainLimits limits = new ChainLimits(Math.max(longest + 1, ChainLimits.DEFAULT_MAX_STEPS), 100,
					ChainLimits.DEFAULT_HEAD_LAG_STEPS, ChainLimits.DEFAULT_HEAD_LAG_TIME);
			try (S3.Bucket bucket = s3.newBucket("chain-restore")) {
				bucket.client.putFile("chain.db", template);
				try (BucketSQLite db = engine(bucket, scratch, limits).build().start()) {
					db.forceFlush();
					Random random = new Random(size);
					int written = 0;
					long started = System.nanoTime();
					for (int length : lengths.stream().sorted().toList()) {
						System.out.println("Writing steps up to " + length + " ...");
						for (; written < length; written++) {
							Data.change(db.connection(), rowCount, (double) ROWS_PER_STEP / rowCount, false, random, 1);
							db.forceFlush();
						}
						double writeSeconds = (System.nanoTime() - started) / 1e9;
						List<Double> nanos = new ArrayList<>();
						List<Double> gets = new ArrayList<>();
						List<Double> bytes = new ArrayList<>();
						for (int r = 0; r < RESTORES; r++) {
							IoCounters before = bucket.counters();
							long t0 = System.nanoTime();
							try (BucketSQLite restored = engine(bucket, scratch, limits).build().start()) {
								nanos.add((double) (System.nanoTime() - t0));
							}
							IoCounters cost = bucket.counters().minus(before);
							gets.add((double) cost.gets());
							bytes.add((double) cost.bytesIn());
						}
						rows.add(new Row(dbBytes, length, writeSeconds, Stats.median(nanos), Stats.median(gets),
								Stats.median(bytes)));
						System.out.printf("  %d steps: restore %s ms, %.0f GETs%n", length,
								Report.ms(Stats.median(nanos)), Stats.median(gets));
					}
				}
			}
			System.out.println();
			System.out.println(report(rows, s3.describe(), load));
		}
		finally {
			data.deleteAll();
			BenchEnv.deleteTree(scratch);
		}
		System.exit(0);
	}

	private static BucketSQLite.Builder engine(S3.Bucket bucket, Path scratch, ChainLimits limits) {
		return BucketSQLite.builder()
			.bucket(bucket.client)
			.snapshotKey("chain.db")
			.storage(LiveStorage.FILE)
			.directory(scratch.resolve("live").resolve("chain-" + System.nanoTime()))
			.flushInterval(Duration.ZERO)
			.pageDeltas(true)
			.chainLimits(limits);
	}

	static String report(List<Row> rows, String s3, String load) {
		Report report = new Report();
		report.line("- machine: " + BenchEnv.machine() + "; load average at start " + load);
		report.line("- S3: " + s3);
		Report.Table table = report.table("Restore at the end of a chain of tiny delta steps (" + ROWS_PER_STEP
				+ " random rows each, FILE storage, table rows)", "db", "steps since the base", "restore ms",
				"GETs", "MB downloaded", "ms per 1,000 steps");
		for (Row row : rows) {
			table.row(Report.mb(row.dbBytes()) + " MB", Report.count(row.steps()), Report.ms(row.nanos()),
					Report.count((long) row.gets()), Report.mb(row.bytesIn()),
					Report.fmt("%.0f", row.nanos() / 1e6 / row.steps() * 1000));
		}
		table.note("A fresh BucketSQLite start() on the bucket (download, every part verified, quick_check), the "
				+ "engine's own GET count; medians of " + RESTORES + ". The steps up to the head are read "
				+ "32 at a time, those past it (the head lags by up to "
				+ ChainLimits.DEFAULT_HEAD_LAG_STEPS + ") in growing windows.");
		report.add(table);
		return report.toString();
	}

}
