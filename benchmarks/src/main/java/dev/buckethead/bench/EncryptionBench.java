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
import dev.buckethead.encryption.EncryptionKey;
import dev.buckethead.encryption.KeyRing;
import dev.buckethead.live.LiveStorage;
import dev.buckethead.snapshot.BranchHeads;
import dev.buckethead.snapshot.ChunkCodec;
import dev.buckethead.snapshot.Manifest;
import dev.buckethead.snapshot.SnapshotBucket;
import dev.buckethead.snapshot.SnapshotWriter;

/**
 * Section 11: what encryption costs. The first flush of the whole database and a restore (a fresh engine's
 * {@code start()}), plain and encrypted, alternating in rounds on one S3 server so that the machine's load reaches
 * both alike; then one flush of the same 1 % change in both, to show deduplication is kept (same PUTs, bytes up
 * by headers and tags only). Wall and CPU time (this JVM + the S3 server), medians, and encrypted / plain ratios.
 */
final class EncryptionBench {

	/** The follow-up flush changes this share of the rows, in one run of consecutive ids. */
	static final double CHANGE_FRACTION = 0.01;

	private static final String SNAPSHOT_KEY = "sealed.db";

	static final KeyRing KEYS = KeyRing.of(EncryptionKey.of(new byte[32]));

	/** One measurement of one variant. */
	record Run(double flushNanos, double flushCpuNanos, double restoreNanos, double restoreCpuNanos,
			double coldRestoreNanos, double coldRestoreCpuNanos, double changePuts, double changeBytes) {
	}

	/** Medians over the rounds. */
	record Row(long dbBytes, boolean encrypted, int rounds, Run median) {
	}

	final List<Row> rows = new ArrayList<>();

	private final Mode mode;

	private final S3 s3;

	private final Data data;

	private final Path scratch;

	EncryptionBench(Mode mode, S3 s3, Data data, Path scratch) {
		this.mode = mode;
		this.s3 = s3;
		this.data = data;
		this.scratch = scratch;
	}

	int rounds() {
		return Math.max(3, mode.restoreIterations());
	}

	void run() throws Exception {
		long size = mode.largeSize();
		Map<Boolean, List<Run>> runs = new LinkedHashMap<>();
		// Round 0 warms this JVM up and is not counted: the first restores run partly interpreted (2-3 s of CPU
		// instead of 1.5), and with rounds alternating P E, E P, P E the variant in positions 2 and 3 paid for it.
		for (int round = 0; round <= rounds(); round++) {
			boolean[] order = (round % 2 == 1) ? new boolean[] { false, true } : new boolean[] { true, false };
			for (boolean encrypted : order) {
				Run run = measure(size, encrypted);
				if (round > 0) {
					runs.computeIfAbsent(encrypted, (e) -> new ArrayList<>()).add(run);
				}
				System.out.printf("    %s %s, %s: flush %s ms (CPU %s ms), restore %s ms (CPU %s ms), in a fresh "
						+ "JVM %s ms (CPU %s ms); 1 %% change %s PUTs, %s MB%n", Mode.label(size),
						encrypted ? "encrypted" : "plain", round == 0 ? "warm-up (not counted)" : "round " + round,
						Report.ms(run.flushNanos()),
						Report.ms(run.flushCpuNanos()), Report.ms(run.restoreNanos()), Report.ms(run.restoreCpuNanos()),
						Report.ms(run.coldRestoreNanos()), Report.ms(run.coldRestoreCpuNanos()),
						Report.count(run.changePuts()), Report.mb(run.changeBytes()));
			}
		}
		long dbBytes = Files.size(data.template(size));
		for (boolean encrypted : new boolean[] { false, true }) {
			rows.add(new Row(dbBytes, encrypted, runs.get(encrypted).size(), median(runs.get(encrypted))));
		}
	}

	private Run measure(long size, boolean encrypted) throws Exception {
		Path file = scratch.resolve("sealed").resolve("db-" + size + ".db");
		Files.createDirectories(file.getParent());
		Files.copy(data.template(size), file, StandardCopyOption.REPLACE_EXISTING);
		S3.Bucket bucket = s3.newBucket(encrypted ? "sealed" : "plain");
		KeyRing keys = encrypted ? KEYS : null;
		ExecutorService io = Executors.newFixedThreadPool(8);
		try {
			SnapshotBucket opened = SnapshotBucket.open(bucket.client, SNAPSHOT_KEY, keys);
			BranchHeads heads = new BranchHeads(opened.store(), 2, Clock.systemUTC());
			// As BucketSQLite builds it by default: 8 I/O threads, 2 x 8 chunks in flight, default packs.
			SnapshotWriter writer = new SnapshotWriter(opened.store(), new ChunkCodec(1),
					SnapshotWriter.DEFAULT_CHUNK_SIZE, io, 16);
			System.gc();
			long cpu0 = cpu();
			long t0 = System.nanoTime();
			Manifest manifest = PackBench.write(writer, file, null);
			long flushNanos = System.nanoTime() - t0;
			long flushCpu = cpu() - cpu0;
			heads.advance("main", manifest.generation(), null);

			System.gc();
			cpu0 = cpu();
			t0 = System.nanoTime();
			BucketSQLite db = BucketSQLite.builder()
				.bucket(bucket.client)
				.snapshotKey(SNAPSHOT_KEY)
				.encryption(keys)
				.storage(LiveStorage.FILE)
				.directory(scratch.resolve("live").resolve("restore-" + System.nanoTime()))
				.flushInterval(Duration.ZERO)
				.build()
				.start();
			try (Connection c = db.connect(); Statement s = c.createStatement();
					ResultSet r = s.executeQuery("SELECT length(payload) FROM rows WHERE id = 1")) {
				r.next();
			}
			long restoreNanos = System.nanoTime() - t0;
			long restoreCpu = cpu() - cpu0;
			db.close();

			// The same restore as an application's start-up: a JVM that has compiled nothing yet.
			long server0 = PackBench.serverCpuNanos();
			long[] cold = ColdRestore.run(s3, bucket, SNAPSHOT_KEY, encrypted,
					scratch.resolve("live").resolve("cold-" + System.nanoTime()));
			long coldCpu = cold[1] + PackBench.serverCpuNanos() - server0;

			// The same change in both variants (same seed): a run of consecutive ids at the same place.
			Random random = new Random(11);
			long total = Data.rowsFor(size);
			int changed = (int) Math.max(1, total * CHANGE_FRACTION);
			long start = 1 + (long) (random.nextDouble() * (total - changed));
			try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
					PreparedStatement update = c.prepareStatement("UPDATE rows SET payload = ? WHERE id = ?")) {
				for (long id = start; id < start + changed; id++) {
					update.setBytes(1, Data.payload(random));
					update.setLong(2, id);
					update.executeUpdate();
				}
			}
			IoCounters before = bucket.counters();
			PackBench.write(writer, file, manifest);
			IoCounters change = bucket.counters().minus(before);
			return new Run(flushNanos, flushCpu, restoreNanos, restoreCpu, cold[0], coldCpu, change.puts(),
					change.bytesOut());
		}
		finally {
			io.shutdownNow();
			bucket.drop();
			BenchEnv.deleteTree(scratch.resolve("sealed"));
			BenchEnv.deleteTree(scratch.resolve("live"));
		}
	}

	/** CPU time of this JVM and of the S3 server process together. */
	private static long cpu() {
		return PackBench.cpuNanos() + PackBench.serverCpuNanos();
	}

	private static Run median(List<Run> runs) {
		return new Run(median(runs, Run::flushNanos), median(runs, Run::flushCpuNanos), median(runs, Run::restoreNanos),
				median(runs, Run::restoreCpuNanos), median(runs, Run::coldRestoreNanos),
				median(runs, Run::coldRestoreCpuNanos), median(runs, Run::changePuts), median(runs, Run::changeBytes));
	}

	private static double median(List<Run> runs, ToDoubleFunction<Run> field) {
		return Stats.median(runs.stream().map(field::applyAsDouble).toList());
	}

	void report(Report report) {
		Report.Table table = report.table("11. Encryption: first flush and restore, plain vs encrypted", "db",
				"variant", "first flush ms", "flush CPU ms (client + S3)", "restore ms", "restore CPU ms (client + S3)",
				"restore in a fresh JVM ms", "its CPU ms (client + S3)", "1 % change: PUTs", "1 % change: MB sent");
		for (Row r : rows) {
			Run m = r.median();
			table.row(Report.mb(r.dbBytes()) + " MB", r.encrypted() ? "encrypted (AES-256-GCM)" : "plain",
					Report.ms(m.flushNanos()), Report.ms(m.flushCpuNanos()), Report.ms(m.restoreNanos()),
					Report.ms(m.restoreCpuNanos()), Report.ms(m.coldRestoreNanos()), Report.ms(m.coldRestoreCpuNanos()),
					Report.count(m.changePuts()), Report.mb(m.changeBytes()));
		}
		if (rows.size() == 2) {
			Run plain = rows.get(0).median();
			Run sealed = rows.get(1).median();
			table.row("", "encrypted / plain", Report.ratio(sealed.flushNanos() / plain.flushNanos()),
					Report.ratio(sealed.flushCpuNanos() / plain.flushCpuNanos()),
					Report.ratio(sealed.restoreNanos() / plain.restoreNanos()),
					Report.ratio(sealed.restoreCpuNanos() / plain.restoreCpuNanos()),
					Report.ratio(sealed.coldRestoreNanos() / plain.coldRestoreNanos()),
					Report.ratio(sealed.coldRestoreCpuNanos() / plain.coldRestoreCpuNanos()),
					Report.ratio(sealed.changePuts() / plain.changePuts()),
					Report.ratio(sealed.changeBytes() / plain.changeBytes()));
		}
		table.note("Medians of " + rounds() + " rounds after one uncounted warm-up round, plain and encrypted "
				+ "alternating (which runs first swaps every round), each on a bucket of its own on the same S3 server. First flush: `SnapshotWriter.write` of the "
				+ "whole database (table `rows`, as table 2; 1 MiB chunks, zstd 1, packs of 16 MiB) plus its manifest. "
				+ "Restore: a fresh `BucketSQLite` (FILE) `start()` and one point query (head, claim walk, manifest, range "
				+ "GETs of the packs, SHA-256 of every chunk, `quick_check`), in this JVM; in a fresh JVM: the same restore in "
				+ "a child process that has run nothing before, as at an application's start-up (its CPU: the child "
				+ "+ the S3 server). Encrypted: `Builder.encryption(KeyRing)`, "
				+ "AES-256-GCM in 64 KiB segments through `EncryptingBucketClient`, keyed names. CPU: this JVM (all "
				+ "threads) + the S3 server process. 1 % change: one more flush after changing " + Report.pct(CHANGE_FRACTION)
				+ " of the rows in one run of consecutive ids (same place in both variants).");
		report.add(table);
	}

}
