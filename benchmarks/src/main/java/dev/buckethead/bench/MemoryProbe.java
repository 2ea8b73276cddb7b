package dev.buckethead.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.buckethead.BucketSQLite;
import dev.buckethead.bucket.LocalDirectoryBucketClient;
import dev.buckethead.live.LiveStorage;

/**
 * Section 7, run in a fresh JVM per measurement so that nothing else the benchmark did is in the numbers: the
 * growth of heap and RSS from loading a database (restore from a plain object in a local-directory bucket) and
 * flushing it, and the peaks during a first (full) and a 1 % random flush.
 */
public final class MemoryProbe {

	record Result(String storage, long dbBytes, long heap, long rss, long shm, long peakHeapFirst, long peakRssFirst,
			long peakHeapNext, long peakRssNext) {
	}

	private MemoryProbe() {
	}

	public static void main(String[] args) throws Exception {
		LiveStorage storage = LiveStorage.valueOf(args[0]);
		Path template = Path.of(args[1]);
		Path work = Path.of(args[2]);
		long rows = Long.parseLong(args[3]);
		Files.createDirectories(work);
		// Warm up: load every class a flush uses, so that their memory is in the baseline.
		try (BucketSQLite warm = BucketSQLite.builder().localDirectory(work.resolve("warm-bucket"))
			.directory(work.resolve("warm-live")).storage(storage).flushInterval(Duration.ZERO).build().start()) {
			warm.kv().set("a", "b");
			warm.forceFlush();
		}
		try (LocalDirectoryBucketClient bucket = new LocalDirectoryBucketClient(work.resolve("bucket"))) {
			bucket.putFile("probe.db", template);
		}
		long heap0 = BenchEnv.heapUsedAfterGc();
		long rss0 = BenchEnv.rss();
		SnapshotBench.Sampler first = new SnapshotBench.Sampler();
		BucketSQLite db = BucketSQLite.builder().localDirectory(work.resolve("bucket")).snapshotKey("probe.db")
			.directory(work.resolve("live")).storage(storage).flushInterval(Duration.ZERO).build().start();
		db.forceFlush();
		first.stop();
		long heap1 = BenchEnv.heapUsedAfterGc();
		long rss1 = BenchEnv.rss();
		long shm = BenchEnv.treeSize(work.resolve("live"));
		Data.change(db.viewContext().connection(), rows, 0.01, false, new Random(3), 100_000);
		BenchEnv.heapUsedAfterGc();
		SnapshotBench.Sampler next = new SnapshotBench.Sampler();
		db.forceFlush();
		next.stop();
		db.close();
		System.out.println("PROBE " + (heap1 - heap0) + " " + (rss1 - rss0) + " " + shm + " "
				+ (first.peakHeap - heap0) + " " + (first.peakRss - rss0) + " " + (next.peakHeap - heap0) + " "
				+ (next.peakRss - rss0));
		System.exit(0);
	}

	/** Runs the probe in a new JVM with the same class path. */
	static Result run(LiveStorage storage, Path template, Path work, long rows) throws Exception {
		long dbBytes = Files.size(template);
		long heapMb = Math.max(1024, dbBytes * 4 / (1024 * 1024));
		String[] f;
		try {
			f = ChildJvm.run(List.of("-Xmx" + heapMb + "m", "-Xms" + heapMb + "m", "-XX:+AlwaysPreTouch"), MemoryProbe.class,
					List.of(storage.name(), template.toString(), work.toString(), String.valueOf(rows)), Map.of(), "PROBE");
		}
		finally {
			BenchEnv.deleteTree(work);
		}
		return new Result(storage.name(), dbBytes, Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]),
				Long.parseLong(f[3]), Long.parseLong(f[4]), Long.parseLong(f[5]), Long.parseLong(f[6]));
	}

}
