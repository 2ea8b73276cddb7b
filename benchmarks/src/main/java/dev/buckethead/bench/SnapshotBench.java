package dev.buckethead.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;

import dev.buckethead.BucketSQLite;
import dev.buckethead.bucket.IoCounters;
import dev.buckethead.live.LiveStorage;
import dev.buckethead.snapshot.FlushResult;
import dev.buckethead.snapshot.SnapshotFormat;

/** Sections 2, 3, 4, 7 and 8: flush, writer stall, restore, memory and chunk size. */
final class SnapshotBench {

	static final double[] FRACTIONS = { 0.001, 0.01, 0.10 };

	static final int DEFAULT_CHUNK = dev.buckethead.snapshot.SnapshotWriter.DEFAULT_CHUNK_SIZE;

	private final Mode mode;

	private final S3 s3;

	private final Data data;

	private final Path scratch;

	// --- results ---

	/** One flush measurement (medians over iterations). */
	record Flush(double nanos, double bytesOut, double puts, double requests, double chunksUploaded, int chunksTotal) {
	}

	record FlushRow(long size, long dbBytes, String pattern, double fraction, int rowsChanged, Flush incremental,
			Flush plain) {
	}

	record Restore(long size, long dbBytes, String format, double startNanos, double firstQueryNanos,
			double bytesIn, double requests) {
	}

	record Stall(String storage, long dbBytes, long baselineCount, double baseP50, double baseP99, double baseMax,
			long duringCount, double p50, double p99, double p999, double max, double flushMedianNanos,
			double achievedIntervalNanos, double maxOffsetNanos, double maxWindowNanos, long over20ms, int gcPauses,
			double gcMaxNanos, double gcTotalNanos) {
	}

	record ChunkRow(int chunkSize, long dbBytes, Flush initial, Flush clustered, Flush random, double restoreNanos,
			double restoreBytes) {
	}

	final List<Flush> initialFlushes = new ArrayList<>();

	final List<Long> initialSizes = new ArrayList<>();

	final List<FlushRow> flushes = new ArrayList<>();

	final List<Restore> restores = new ArrayList<>();

	final List<MemoryProbe.Result> memory = new ArrayList<>();

	final List<Stall> stalls = new ArrayList<>();

	final List<ChunkRow> chunks = new ArrayList<>();

	Restore emptyStart;

	SnapshotBench(Mode mode, S3 s3, Data data, Path scratch) {
		this.mode = mode;
		this.s3 = s3;
		this.data = data;
		this.scratch = scratch;
	}

	private BucketSQLite.Builder engine(S3.Bucket bucket, String key, LiveStorage storage) {
		return BucketSQLite.builder()
			.bucket(bucket.client)
			.snapshotKey(key)
			.storage(storage)
			.directory(scratch.resolve("live").resolve(key + "-" + System.nanoTime()))
			.flushInterval(Duration.ZERO);
	}

	private static Flush flushOnce(BucketSQLite db, S3.Bucket bucket) {
		IoCounters before = bucket.counters();
		long started = System.nanoTime();
		FlushResult result = db.forceFlush();
		long nanos = System.nanoTime() - started;
		IoCounters cost = bucket.counters().minus(before);
		return new Flush(nanos, cost.bytesOut(), cost.puts(), cost.totalRequests(), result.chunksUploaded(),
				result.chunksUploaded() + result.chunksReused());
	}

	/** A short pause before a measured flush, as between timed flushes in an application. */
	private static void settle() throws InterruptedException {
		Thread.sleep(200);
	}

	private static Flush median(List<Flush> runs) {
		return new Flush(Stats.median(runs.stream().map(Flush::nanos).toList()),
				Stats.median(runs.stream().map(Flush::bytesOut).toList()),
				Stats.median(runs.stream().map(Flush::puts).toList()),
				Stats.median(runs.stream().map(Flush::requests).toList()),
				Stats.median(runs.stream().map(Flush::chunksUploaded).toList()),
				runs.isEmpty() ? 0 : runs.get(0).chunksTotal());
	}

	// ---------------------------------------------------------------- 2, 4, 7: flush, restore, memory by size

	void flushAndRestore(long size) throws Exception {
		Path template = data.template(size);
		long dbBytes = Files.size(template);
		long rows = Data.rowsFor(size);
		String label = Mode.label(size);
		S3.Bucket bucket = s3.newBucket("flush-" + label);
		try {
			bucket.client.putFile("inc.db", template);
			bucket.client.putFile("plain.db", template);

			// The initial (full) incremental flush.
			BucketSQLite inc = engine(bucket, "inc.db", LiveStorage.FILE).build().start();
			Flush initial = flushOnce(inc, bucket);
			initialFlushes.add(initial);
			initialSizes.add(dbBytes);

			BucketSQLite plain = engine(bucket, "plain.db", LiveStorage.FILE).format(SnapshotFormat.PLAIN).build()
				.start();
			Random random = new Random(42);
			for (double fraction : FRACTIONS) {
				for (boolean clustered : new boolean[] { true, false }) {
					List<Flush> incRuns = new ArrayList<>();
					List<Flush> plainRuns = new ArrayList<>();
					int changed = 0;
					// All incremental flushes of a cell, then all plain ones, so that neither runs while the S3
					// server is still busy with the other's upload.
					for (int i = 0; i < mode.flushIterations(); i++) {
						changed = Data.change(inc.viewContext().connection(), rows, fraction, clustered, random, 100_000);
						settle();
						incRuns.add(flushOnce(inc, bucket));
					}
					for (int i = 0; i < mode.flushIterations(); i++) {
						Data.change(plain.viewContext().connection(), rows, fraction, clustered, random, 100_000);
						settle();
						plainRuns.add(flushOnce(plain, bucket));
					}
					flushes.add(new FlushRow(size, dbBytes, clustered ? "clustered" : "random", fraction, changed,
							median(incRuns), median(plainRuns)));
					System.out.printf("    %s %s %.1f%%: incremental %s ms %s MB, plain %s ms%n", label,
							clustered ? "clustered" : "random", fraction * 100, Report.ms(median(incRuns).nanos()),
							Report.mb(median(incRuns).bytesOut()), Report.ms(median(plainRuns).nanos()));
				}
			}
			plain.close();
			inc.close();

			restores.add(restore(bucket, "inc.db", SnapshotFormat.INCREMENTAL, size, dbBytes));
			restores.add(restore(bucket, "plain.db", SnapshotFormat.PLAIN, size, dbBytes));
			if (emptyStart == null) {
				emptyStart = restore(bucket, "empty.db", SnapshotFormat.INCREMENTAL, 0, 0);
			}
		}
		finally {
			bucket.drop();
			BenchEnv.deleteTree(scratch.resolve("live"));
		}
	}

	/** Section 7: memory per MB, each measured in a fresh JVM. */
	void memory(LiveStorage storage, long size) throws Exception {
		memory.add(MemoryProbe.run(storage, data.template(size), scratch.resolve("probe"), Data.rowsFor(size)));
	}

	private Restore restore(S3.Bucket bucket, String key, SnapshotFormat format, long size, long dbBytes)
			throws Exception {
		List<Double> start = new ArrayList<>();
		List<Double> first = new ArrayList<>();
		List<Double> bytes = new ArrayList<>();
		List<Double> requests = new ArrayList<>();
		for (int i = 0; i < mode.restoreIterations(); i++) {
			IoCounters before = bucket.counters();
			long t0 = System.nanoTime();
			BucketSQLite db = engine(bucket, key, LiveStorage.FILE).format(format).build().start();
			long t1 = System.nanoTime();
			try (Connection c = db.connect(); Statement s = c.createStatement();
					ResultSet r = s.executeQuery(size == 0 ? "SELECT 1" : "SELECT length(payload) FROM rows WHERE id = 1")) {
				r.next();
			}
			long t2 = System.nanoTime();
			IoCounters cost = bucket.counters().minus(before);
			db.close();
			start.add((double) (t1 - t0));
			first.add((double) (t2 - t0));
			bytes.add((double) cost.bytesIn());
			requests.add((double) cost.totalRequests());
		}
		return new Restore(size, dbBytes, format == SnapshotFormat.PLAIN ? "plain" : "incremental",
				Stats.median(start), Stats.median(first), Stats.median(bytes), Stats.median(requests));
	}

	// ---------------------------------------------------------------- 3, 7: writer stall (and MEMORY's memory)

	void stall(LiveStorage storage) throws Exception {
		long size = mode.largeSize();
		Path template = data.template(size);
		long dbBytes = Files.size(template);
		long rows = Data.rowsFor(size);
		S3.Bucket bucket = s3.newBucket("stall-" + storage);
		try {
			bucket.client.putFile("stall.db", template);
			BucketSQLite db = engine(bucket, "stall.db", storage).build().start();
			db.forceFlush();
			try (Connection c = db.connect(); Statement s = c.createStatement()) {
				s.execute("CREATE TABLE IF NOT EXISTS events (id INTEGER PRIMARY KEY, at INTEGER, payload BLOB)");
			}
			GcPauses gc = new GcPauses();
			Writer writer = new Writer(db, 4_000_000);
			Thread thread = new Thread(writer, "steady-writer");
			thread.start();
			Thread.sleep(mode.stallBaselineMillis());
			long baselineEnd = System.nanoTime();
			List<long[]> windows = new ArrayList<>();
			Random random = new Random(7);
			for (int i = 0; i < mode.stallFlushes(); i++) {
				// 1 % of rows changed, in small transactions, outside the measured windows.
				Data.change(db.viewContext().connection(), rows, 0.01, false, random, 50);
				Thread.sleep(100);
				long w0 = System.nanoTime();
				db.forceFlush();
				windows.add(new long[] { w0, System.nanoTime() });
				Thread.sleep(100);
			}
			writer.running = false;
			thread.join();
			gc.close();
			List<GcPauses.Pause> pauses = gc.within(windows);
			int n = writer.count;
			long[] baseline = new long[n];
			long[] during = new long[n];
			int nb = 0;
			int nd = 0;
			long worst = -1;
			long worstOffset = 0;
			long worstWindow = 0;
			long over20ms = 0;
			for (int i = 0; i < n; i++) {
				long s0 = writer.starts[i];
				long s1 = s0 + writer.latencies[i];
				if (s1 <= baselineEnd) {
					baseline[nb++] = writer.latencies[i];
					continue;
				}
				for (long[] w : windows) {
					if (s1 >= w[0] && s0 <= w[1]) {
						during[nd++] = writer.latencies[i];
						if (writer.latencies[i] > 20_000_000) {
							over20ms++;
						}
						if (writer.latencies[i] > worst) {
							worst = writer.latencies[i];
							worstOffset = s0 - w[0];
							worstWindow = w[1] - w[0];
						}
						break;
					}
				}
			}
			long[] b = java.util.Arrays.copyOf(baseline, nb);
			long[] d = java.util.Arrays.copyOf(during, nd);
			java.util.Arrays.sort(b);
			java.util.Arrays.sort(d);
			double interval = n > 1 ? (double) (writer.starts[n - 1] - writer.starts[0]) / (n - 1) : Double.NaN;
			stalls.add(new Stall(storage.name(), dbBytes, nb, Stats.percentileSorted(b, 50), Stats.percentileSorted(b, 99),
					nb == 0 ? Double.NaN : b[nb - 1], nd, Stats.percentileSorted(d, 50), Stats.percentileSorted(d, 99),
					Stats.percentileSorted(d, 99.9), nd == 0 ? Double.NaN : d[nd - 1],
					Stats.median(windows.stream().map((w) -> (double) (w[1] - w[0])).toList()), interval, worstOffset,
					worstWindow, over20ms, pauses.size(),
					pauses.stream().mapToDouble(GcPauses.Pause::durationNanos).max().orElse(0),
					pauses.stream().mapToDouble(GcPauses.Pause::durationNanos).sum()));
			System.out.printf("    %s: during flush p99 %s ms max %s ms (flush %s ms); GC pauses in flushes: %d, max %s ms%n", storage,
					Report.ms(Stats.percentileSorted(d, 99)), Report.ms(nd == 0 ? Double.NaN : d[nd - 1]),
					Report.ms(Stats.median(windows.stream().map((w) -> (double) (w[1] - w[0])).toList())), pauses.size(),
					Report.ms(pauses.stream().mapToDouble(GcPauses.Pause::durationNanos).max().orElse(0)));
			db.close();
		}
		finally {
			bucket.drop();
			BenchEnv.deleteTree(scratch.resolve("live"));
		}
	}

	/** Inserts one 100-byte row about every 100 µs, recording each INSERT's latency. */
	private static final class Writer implements Runnable {

		final long[] starts;

		final long[] latencies;

		volatile boolean running = true;

		volatile int count;

		private final BucketSQLite db;

		Writer(BucketSQLite db, int capacity) {
			this.db = db;
			this.starts = new long[capacity];
			this.latencies = new long[capacity];
		}

		@Override
		public void run() {
			byte[] payload = new byte[100];
			try (Connection c = db.connect();
					PreparedStatement insert = c.prepareStatement("INSERT INTO events (at, payload) VALUES (?, ?)")) {
				long next = System.nanoTime();
				int i = 0;
				while (running && i < starts.length) {
					long now = System.nanoTime();
					if (now < next) {
						LockSupport.parkNanos(next - now);
						continue;
					}
					long t0 = System.nanoTime();
					insert.setLong(1, t0);
					insert.setBytes(2, payload);
					insert.executeUpdate();
					long t1 = System.nanoTime();
					starts[i] = t0;
					latencies[i] = t1 - t0;
					i++;
					count = i;
					next = t0 + 100_000;
				}
			}
			catch (Exception ex) {
				throw new IllegalStateException("steady writer failed", ex);
			}
		}

	}

	// ---------------------------------------------------------------- 8: chunk size

	void chunkSizes() throws Exception {
		long size = mode.largeSize();
		Path template = data.template(size);
		long dbBytes = Files.size(template);
		long rows = Data.rowsFor(size);
		for (int chunkSize : new int[] { 64 * 1024, 256 * 1024, 1024 * 1024 }) {
			S3.Bucket bucket = s3.newBucket("chunk-" + chunkSize / 1024 + "k");
			try {
				bucket.client.putFile("chunk.db", template);
				BucketSQLite db = engine(bucket, "chunk.db", LiveStorage.FILE).chunkSize(chunkSize).build().start();
				Flush initial = flushOnce(db, bucket);
				Random random = new Random(11);
				Flush[] results = new Flush[2];
				for (int pattern = 0; pattern < 2; pattern++) {
					List<Flush> runs = new ArrayList<>();
					for (int i = 0; i < mode.flushIterations(); i++) {
						Data.change(db.viewContext().connection(), rows, 0.01, pattern == 0, random, 100_000);
						settle();
						runs.add(flushOnce(db, bucket));
					}
					results[pattern] = median(runs);
				}
				db.close();
				IoCounters before = bucket.counters();
				long t0 = System.nanoTime();
				BucketSQLite restored = engine(bucket, "chunk.db", LiveStorage.FILE).chunkSize(chunkSize).build().start();
				long restoreNanos = System.nanoTime() - t0;
				long restoreBytes = bucket.counters().minus(before).bytesIn();
				restored.close();
				chunks.add(new ChunkRow(chunkSize, dbBytes, initial, results[0], results[1], restoreNanos, restoreBytes));
				System.out.printf("    chunk %d KiB: 1%% clustered %s MB, random %s MB%n", chunkSize / 1024,
						Report.mb(results[0].bytesOut()), Report.mb(results[1].bytesOut()));
			}
			finally {
				bucket.drop();
				BenchEnv.deleteTree(scratch.resolve("live"));
			}
		}
	}

	/** Samples heap use and RSS every few milliseconds, keeping the peaks. */
	static final class Sampler {

		volatile long peakHeap;

		volatile long peakRss;

		private volatile boolean running = true;

		private final Thread thread;

		Sampler() {
			thread = new Thread(() -> {
				Runtime rt = Runtime.getRuntime();
				while (running) {
					peakHeap = Math.max(peakHeap, rt.totalMemory() - rt.freeMemory());
					peakRss = Math.max(peakRss, BenchEnv.rss());
					LockSupport.parkNanos(5_000_000);
				}
			}, "memory-sampler");
			thread.setDaemon(true);
			thread.start();
		}

		void stop() throws InterruptedException {
			running = false;
			thread.join();
		}

	}

}
