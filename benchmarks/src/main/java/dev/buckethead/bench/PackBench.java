package dev.buckethead.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.ToDoubleFunction;

import dev.buckethead.BucketSQLite;
import dev.buckethead.bucket.IoCounters;
import dev.buckethead.live.FileImages;
import dev.buckethead.live.LiveStorage;
import dev.buckethead.snapshot.BranchHeads;
import dev.buckethead.snapshot.ChunkCodec;
import dev.buckethead.snapshot.CollectedReferences;
import dev.buckethead.snapshot.GenerationIds;
import dev.buckethead.snapshot.Manifest;
import dev.buckethead.snapshot.SnapshotLayout;
import dev.buckethead.snapshot.SnapshotStore;
import dev.buckethead.snapshot.SnapshotWriter;
import dev.buckethead.snapshot.SnapshotWriter.Packing;

/**
 * Section 9: how a generation's chunks are stored, before (format 1: one object per chunk) and after (packs of a
 * few sizes and upload parallelisms), measured in one run: the first flush of the whole database (requests,
 * bytes, time, peak heap in use) and a restore (a fresh engine's {@code start()} on that bucket: time and GETs),
 * then the same restore after small flushes at scattered places have spread the generation over more packs. The
 * variants run in rounds (every variant once per round), so that a shared machine's load changes reach all of
 * them alike; the table shows medians over the rounds.
 */
final class PackBench {

	static final int MIB = 1024 * 1024;

	/** A way of storing chunks. */
	record Variant(String name, Packing packing) {
	}

	static final Variant BEFORE = new Variant("chunk objects (format 1, before)", Packing.CHUNK_OBJECTS);

	static final Variant DEFAULT = new Variant("packs 16 MiB, 4 in flight (default)", Packing.DEFAULT);

	static final List<Variant> VARIANTS = List.of(BEFORE,
			new Variant("packs 8 MiB, 4 in flight", new Packing(8 * MIB, 4)),
			new Variant("packs 16 MiB, 2 in flight", new Packing(16 * MIB, 2)), DEFAULT,
			new Variant("packs 16 MiB, 8 in flight", new Packing(16 * MIB, 8)),
			new Variant("packs 32 MiB, 4 in flight", new Packing(32 * MIB, 4)));

	/** Each follow-up flush changes this share of rows: a run of consecutive ids at a random place. */
	static final double FOLLOW_UP_FRACTION = 0.001;

	/** One measurement of one variant. */
	record Run(double flushNanos, double flushCpuNanos, double flushServerCpuNanos, double flushPuts,
			double flushBytes, double flushPeakHeap, double restoreNanos, double restoreCpuNanos,
			double restoreServerCpuNanos, double restoreGets, double restoreBytes, double laterRestoreNanos,
			double laterRestoreGets) {
	}

	/** Medians over the rounds. */
	record Row(long dbBytes, String variant, int rounds, Run median) {
	}

	final List<Row> rows = new ArrayList<>();

	private final Mode mode;

	private final S3 s3;

	private final Data data;

	private final Path scratch;

	PackBench(Mode mode, S3 s3, Data data, Path scratch) {
		this.mode = mode;
		this.s3 = s3;
		this.data = data;
		this.scratch = scratch;
	}

	/** The sizes measured: those of table 2 from 100 MB up (the largest only in a smoke run). */
	List<Long> sizes() {
		return mode.isSmoke() ? List.of(mode.largeSize())
				: mode.flushSizes().stream().filter((size) -> size >= 100 * Mode.MB).toList();
	}

	/** Every variant; a smoke run only the one before and the default, to keep the build fast. */
	static List<Variant> variants(Mode mode) {
		return mode.isSmoke() ? List.of(BEFORE, DEFAULT) : VARIANTS;
	}

	int rounds() {
		return mode.restoreIterations();
	}

	int followUps() {
		return mode.isSmoke() ? 2 : 10;
	}

	void run() throws Exception {
		for (long size : sizes()) {
			Map<Variant, List<Run>> runs = new LinkedHashMap<>();
			for (int round = 0; round < rounds(); round++) {
				// Each round starts one variant further on, so no variant always runs first (or after the same one).
				List<Variant> order = new ArrayList<>(variants(mode));
				java.util.Collections.rotate(order, -round);
				for (Variant variant : order) {
					Run run = measure(size, variant);
					runs.computeIfAbsent(variant, (v) -> new ArrayList<>()).add(run);
					System.out.printf("    %s %s, round %d: first flush %s ms, %s PUTs; restore %s ms, %s GETs; "
							+ "after follow-ups %s ms, %s GETs%n", Mode.label(size), variant.name(), round + 1,
							Report.ms(run.flushNanos()), Report.count(run.flushPuts()), Report.ms(run.restoreNanos()),
							Report.count(run.restoreGets()), Report.ms(run.laterRestoreNanos()),
							Report.count(run.laterRestoreGets()));
				}
			}
			long dbBytes = Files.size(data.template(size));
			for (Variant variant : variants(mode)) {
				rows.add(new Row(dbBytes, variant.name(), runs.get(variant).size(), median(runs.get(variant))));
			}
		}
	}

	private Run measure(long size, Variant variant) throws Exception {
		Path file = scratch.resolve("packs").resolve("db-" + size + ".db");
		Files.createDirectories(file.getParent());
		Files.copy(data.template(size), file, StandardCopyOption.REPLACE_EXISTING);
		S3.Bucket bucket = s3.newBucket("packs");
		ExecutorService io = Executors.newFixedThreadPool(8);
		try {
			SnapshotStore store = new SnapshotStore(bucket.client, new SnapshotLayout("packs.db"));
			BranchHeads heads = new BranchHeads(store, 2, Clock.systemUTC());
			// As BucketSQLite builds it by default: 8 I/O threads, 2 x 8 chunks in flight.
			SnapshotWriter writer = new SnapshotWriter(store, new ChunkCodec(1), SnapshotWriter.DEFAULT_CHUNK_SIZE, io, 16,
					variant.packing());
			System.gc();
			SnapshotBench.Sampler sampler = new SnapshotBench.Sampler();
			IoCounters before = bucket.counters();
			long cpu0 = cpuNanos();
			long server0 = serverCpuNanos();
			long t0 = System.nanoTime();
			Manifest manifest = write(writer, file, null);
			long flushNanos = System.nanoTime() - t0;
			long flushCpu = cpuNanos() - cpu0;
			long flushServerCpu = serverCpuNanos() - server0;
			IoCounters flushCost = bucket.counters().minus(before);
			sampler.stop();
			heads.advance("main", manifest.generation(), null);
			Restore first = restore(bucket);

			Random random = new Random(5);
			long rows = Data.rowsFor(size);
			int changed = (int) Math.max(1, rows * FOLLOW_UP_FRACTION);
			try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
					PreparedStatement update = c.prepareStatement("UPDATE rows SET payload = ? WHERE id = ?")) {
				for (int i = 0; i < followUps(); i++) {
					long start = 1 + (long) (random.nextDouble() * (rows - changed));
					for (long id = start; id < start + changed; id++) {
						update.setBytes(1, Data.payload(random));
						update.setLong(2, id);
						update.executeUpdate();
					}
					Manifest next = write(writer, file, manifest);
					heads.advance("main", next.generation(), heads.read("main").orElseThrow());
					manifest = next;
				}
			}
			Restore later = restore(bucket);
			return new Run(flushNanos, flushCpu, flushServerCpu, flushCost.puts(), flushCost.bytesOut(), sampler.peakHeap,
					first.nanos(), first.cpuNanos(), first.serverCpuNanos(), first.gets(), first.bytes(), later.nanos(),
					later.gets());
		}
		finally {
			io.shutdownNow();
			bucket.drop();
			BenchEnv.deleteTree(scratch.resolve("packs"));
			BenchEnv.deleteTree(scratch.resolve("live"));
		}
	}

	/** One flush of {@code file} as a new generation of branch main, after {@code previous} (null: the first). */
	static Manifest write(SnapshotWriter writer, Path file, Manifest previous) {
		CollectedReferences references = new CollectedReferences(List.of());
		try (var image = FileImages.of(file, references)) {
			Instant now = Instant.now();
			return writer.write(image, references, previous, "main", GenerationIds.next(now), now).manifest();
		}
	}

	/** What a restore cost. */
	private record Restore(double nanos, double cpuNanos, double serverCpuNanos, double gets, double bytes) {
	}

	/**
	 * CPU time this JVM has used, all threads: on a shared machine the wall time of a step moves with the others'
	 * load, its CPU time much less.
	 */
	static long cpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
			.getOperatingSystemMXBean()).getProcessCpuTime();
	}

	/** CPU time the S3 server (S3Proxy, a child process of this one) has used; 0 for an external endpoint. */
	static long serverCpuNanos() {
		return ProcessHandle.current()
			.children()
			.mapToLong((child) -> child.info().totalCpuDuration().map(Duration::toNanos).orElse(0L))
			.sum();
	}

	/** A fresh engine's start() and first query. */
	private Restore restore(S3.Bucket bucket) throws Exception {
		IoCounters before = bucket.counters();
		long cpu0 = cpuNanos();
		long server0 = serverCpuNanos();
		long t0 = System.nanoTime();
		BucketSQLite db = BucketSQLite.builder()
			.bucket(bucket.client)
			.snapshotKey("packs.db")
			.storage(LiveStorage.FILE)
			.directory(scratch.resolve("live").resolve("restore-" + System.nanoTime()))
			.flushInterval(Duration.ZERO)
			.build()
			.start();
		try (Connection c = db.connect(); Statement s = c.createStatement();
				ResultSet r = s.executeQuery("SELECT length(payload) FROM rows WHERE id = 1")) {
			r.next();
		}
		long nanos = System.nanoTime() - t0;
		long cpu = cpuNanos() - cpu0;
		long serverCpu = serverCpuNanos() - server0;
		IoCounters cost = bucket.counters().minus(before);
		db.close();
		return new Restore(nanos, cpu, serverCpu, cost.gets(), cost.bytesIn());
	}

	private static Run median(List<Run> runs) {
		return new Run(median(runs, Run::flushNanos), median(runs, Run::flushCpuNanos),
				median(runs, Run::flushServerCpuNanos), median(runs, Run::flushPuts), median(runs, Run::flushBytes),
				median(runs, Run::flushPeakHeap), median(runs, Run::restoreNanos), median(runs, Run::restoreCpuNanos),
				median(runs, Run::restoreServerCpuNanos), median(runs, Run::restoreGets), median(runs, Run::restoreBytes),
				median(runs, Run::laterRestoreNanos), median(runs, Run::laterRestoreGets));
	}

	private static double median(List<Run> runs, ToDoubleFunction<Run> field) {
		return Stats.median(runs.stream().map(field::applyAsDouble).toList());
	}

	void report(Report report) {
		Report.Table table = report.table("10. Packs: first flush and restore, chunk objects (before) vs packs", "db",
				"storage", "first flush ms", "flush CPU ms (client + S3)", "PUTs", "MB sent", "% of db", "peak heap MB",
				"restore ms", "restore CPU ms (client + S3)", "GETs", "MB fetched", "restore after follow-ups ms",
				"GETs after follow-ups");
		for (Row r : rows) {
			Run m = r.median();
			table.row(Report.mb(r.dbBytes()) + " MB", r.variant(), Report.ms(m.flushNanos()),
					Report.ms(m.flushCpuNanos()) + " + " + Report.ms(m.flushServerCpuNanos()), Report.count(m.flushPuts()),
					Report.mb(m.flushBytes()), Report.pct(m.flushBytes() / r.dbBytes()), Report.mb(m.flushPeakHeap()),
					Report.ms(m.restoreNanos()), Report.ms(m.restoreCpuNanos()) + " + " + Report.ms(m.restoreServerCpuNanos()),
					Report.count(m.restoreGets()), Report.mb(m.restoreBytes()),
					Report.ms(m.laterRestoreNanos()), Report.count(m.laterRestoreGets()));
		}
		table.note("Medians of " + rounds() + " rounds; each round measures every variant once (each round starting "
				+ "one variant further down the list), each on a bucket of its own on the same S3 server. First flush: `SnapshotWriter.write` of the whole "
				+ "database (table `rows`, as table 2; 1 MiB chunks, zstd 1, 8 I/O threads, 16 chunks in flight) plus "
				+ "its manifest; PUTs and bytes counted by `CountingBucketClient`; peak heap in use sampled every 5 ms "
				+ "(garbage included). CPU: the CPU time this JVM (all threads) + the S3 server process used during the "
				+ "step, which a loaded machine moves much less than wall time. Restore: a fresh `BucketSQLite` (FILE) `start()` and one point query: the head, "
				+ "the claim walk, the manifest and the chunks (each verified by SHA-256), then `quick_check`. "
				+ "Follow-ups: " + followUps() + " flushes, each changing " + Report.pct(FOLLOW_UP_FRACTION)
				+ " of the rows in one run of consecutive ids at a random place (its own small pack), then the same "
				+ "restore of the newest generation, whose chunks are then spread over the first flush's packs (with "
				+ "gaps where chunks changed) and the follow-ups' packs.");
		report.add(table);
	}

}
