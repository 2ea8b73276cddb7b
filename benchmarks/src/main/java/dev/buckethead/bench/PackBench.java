package dev.buckethead.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

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
 * few sizes), measured in one run: the first flush of the whole database (requests, bytes, time, peak heap in
 * use) and a restore (a fresh engine's {@code start()} on that bucket: time and GETs), then the same restore after
 * a series of small flushes has spread the generation over more packs.
 */
final class PackBench {

	static final int MIB = 1024 * 1024;

	/** What is measured, and the defaults among them. */
	record Variant(String name, Packing packing) {
	}

	static final Variant DEFAULT = new Variant("packs 16 MiB (default)", Packing.DEFAULT);

	static final List<Variant> VARIANTS = List.of(new Variant("chunk objects (format 1, before)", Packing.CHUNK_OBJECTS),
			new Variant("packs 8 MiB", new Packing(8 * MIB, SnapshotWriter.DEFAULT_PACKS_IN_FLIGHT)),
			new Variant("packs 16 MiB, 2 in flight", new Packing(16 * MIB, 2)),
			PackBench.DEFAULT,
			new Variant("packs 16 MiB, 8 in flight", new Packing(16 * MIB, 8)),
			new Variant("packs 32 MiB", new Packing(32 * MIB, SnapshotWriter.DEFAULT_PACKS_IN_FLIGHT)));

	/** Each follow-up flush changes this share of rows, clustered (the newest rows), as an append-mostly app. */
	static final double FOLLOW_UP_FRACTION = 0.01;

	record Row(long size, long dbBytes, String variant, double flushNanos, double flushPuts, double flushBytes,
			double flushPeakHeap, double restoreNanos, double restoreGets, double restoreBytes, int followUps,
			double laterRestoreNanos, double laterRestoreGets) {
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

	/** Every variant; a smoke run only the first (before) and the default, to keep the build fast. */
	static List<Variant> variants(Mode mode) {
		return mode.isSmoke() ? List.of(VARIANTS.get(0), DEFAULT) : VARIANTS;
	}

	void run() throws Exception {
		for (long size : sizes()) {
			for (Variant variant : variants(mode)) {
				rows.add(measure(size, variant));
			}
		}
	}

	private Row measure(long size, Variant variant) throws Exception {
		Path template = data.template(size);
		Path file = scratch.resolve("packs").resolve("db-" + size + ".db");
		Files.createDirectories(file.getParent());
		Files.copy(template, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
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
			long t0 = System.nanoTime();
			Manifest manifest = write(writer, file, null);
			long flushNanos = System.nanoTime() - t0;
			IoCounters flushCost = bucket.counters().minus(before);
			sampler.stop();
			heads.advance("main", manifest.generation(), null);

			Restore first = restores(bucket);

			int followUps = mode.isSmoke() ? 2 : 10;
			Random random = new Random(5);
			try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
				for (int i = 0; i < followUps; i++) {
					Data.change(c, Data.rowsFor(size), FOLLOW_UP_FRACTION, true, random, 100_000);
					Manifest next = write(writer, file, manifest);
					heads.advance("main", next.generation(), heads.read("main").orElseThrow());
					manifest = next;
				}
			}
			Restore later = restores(bucket);
			Row row = new Row(size, Files.size(template), variant.name(), flushNanos, flushCost.puts(),
					flushCost.bytesOut(), sampler.peakHeap, first.nanos(), first.gets(), first.bytes(), followUps,
					later.nanos(), later.gets());
			System.out.printf("    %s %s: first flush %s ms, %d PUTs, %s MB; restore %s ms, %d GETs; after %d flushes %s ms, %d GETs%n",
					Mode.label(size), variant.name(), Report.ms(flushNanos), flushCost.puts(), Report.mb(flushCost.bytesOut()),
					Report.ms(row.restoreNanos()), (long) row.restoreGets(), followUps, Report.ms(row.laterRestoreNanos()),
					(long) row.laterRestoreGets());
			return row;
		}
		finally {
			io.shutdownNow();
			bucket.drop();
			BenchEnv.deleteTree(scratch.resolve("packs"));
			BenchEnv.deleteTree(scratch.resolve("live"));
		}
	}

	private static Manifest write(SnapshotWriter writer, Path file, Manifest previous) {
		CollectedReferences references = new CollectedReferences(List.of());
		try (var image = FileImages.of(file, references)) {
			Instant now = Instant.now();
			return writer.write(image, references, previous, "main", GenerationIds.next(now), now).manifest();
		}
	}

	/** What a restore cost: nanoseconds, GET requests, bytes downloaded. */
	record Restore(double nanos, double gets, double bytes) {
	}

	/** Medians of {@code restoreIterations} restores. */
	private Restore restores(S3.Bucket bucket) throws Exception {
		List<Restore> runs = new ArrayList<>();
		for (int i = 0; i < mode.restoreIterations(); i++) {
			runs.add(restore(bucket));
		}
		return new Restore(Stats.median(runs.stream().map(Restore::nanos).toList()),
				Stats.median(runs.stream().map(Restore::gets).toList()),
				Stats.median(runs.stream().map(Restore::bytes).toList()));
	}

	/** A fresh engine's start() and first query. */
	private Restore restore(S3.Bucket bucket) throws Exception {
		IoCounters before = bucket.counters();
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
		IoCounters cost = bucket.counters().minus(before);
		db.close();
		return new Restore(nanos, cost.gets(), cost.bytesIn());
	}

	void report(Report report) {
		Report.Table table = report.table("9. Packs: first flush and restore, chunk objects (before) vs packs", "db",
				"storage", "first flush ms", "PUTs", "MB sent", "% of db", "peak heap MB", "restore ms", "GETs",
				"MB fetched", "restore after follow-ups ms", "GETs after follow-ups");
		for (Row r : rows) {
			table.row(Report.mb(r.dbBytes()) + " MB", r.variant(), Report.ms(r.flushNanos()), Report.count(r.flushPuts()),
					Report.mb(r.flushBytes()), Report.pct(r.flushBytes() / r.dbBytes()), Report.mb(r.flushPeakHeap()),
					Report.ms(r.restoreNanos()), Report.count(r.restoreGets()), Report.mb(r.restoreBytes()),
					Report.ms(r.laterRestoreNanos()), Report.count(r.laterRestoreGets()));
		}
		table.note("One bucket per row on the same S3 server. First flush: `SnapshotWriter.write` of the whole "
				+ "database (table `rows`, as table 2; 1 MiB chunks, zstd 1, 8 I/O threads, 16 chunks in flight) plus "
				+ "its manifest; PUTs and bytes counted by `CountingBucketClient`; peak heap in use sampled every 5 ms "
				+ "(includes garbage). Restore: a fresh `BucketSQLite` (FILE) `start()` and one point query, medians of "
				+ mode.restoreIterations() + "; it reads the head, the claim walk, the manifest and the chunks "
				+ "(verified by SHA-256, then `quick_check`). Follow-ups: " + (mode.isSmoke() ? 2 : 10)
				+ " flushes of " + Report.pct(FOLLOW_UP_FRACTION) + " clustered row changes, each its own pack, then "
				+ "the same restore of the newest generation: its chunks are spread over the first flush's packs "
				+ "(with gaps where chunks changed) and the follow-ups' packs.");
		report.add(table);
	}

}
