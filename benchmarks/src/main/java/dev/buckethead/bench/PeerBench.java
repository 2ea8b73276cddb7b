package dev.buckethead.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;

import dev.buckethead.bench.litestream.LitestreamInstall;
import dev.buckethead.bench.proxy.Exchange;
import dev.buckethead.bench.proxy.Traffic;
import dev.buckethead.bucket.IoCounters;

/**
 * Section 9: Litestream and BucketHead side by side on the same data (table {@code rows} of {@link Data}), the
 * same S3Proxy (one bucket, a prefix each), the same changes (the same seeds), each tool behind its own
 * {@link dev.buckethead.bench.proxy.CountingProxy}, so requests and bytes are counted the same way for both.
 */
final class PeerBench {

	/** Changes of table 9a: share of rows, clustered or random. */
	/** {@code -Dbench.peer.trickleOnly=true}: the first copy and the trickle (with its restore) only. */
	static final boolean TRICKLE_ONLY = Boolean.getBoolean("bench.peer.trickleOnly");

	static final List<Change> CHANGES = List.of(new Change(0.001, false), new Change(0.01, false),
			new Change(0.10, false), new Change(0.01, true));

	static final int FIXED_ROWS = 1_000;

	/** Uploads less than this apart are one upload (one flush's objects, one WAL segment). */
	private static final long BURST_QUIET_NANOS = 200_000_000;

	record Change(double fraction, boolean clustered) {

		String label() {
			return Report.pct(fraction) + " " + (clustered ? "clustered" : "random");
		}

		/** A change of exactly {@code n} random rows of {@code rows}. */
		static Change rows(long n, long rows) {
			return new Change((double) n / rows, false);
		}

	}

	/**
	 * How much to run. {@code -Dbench.peer.sizes=100,500} (MB), {@code -Dbench.peer.trickleSeconds=60},
	 * {@code -Dbench.peer.restoreFlushes=100} override the mode's.
	 */
	record Settings(List<Long> sizes, long trickleSize, Duration trickle, int updatesPerSecond, Duration interval,
			long restoreSize, int restoreFlushes, int iterations, int restoreIterations) {

		static Settings of(Mode mode, boolean with2g) {
			boolean quick = mode.name().equals("quick");
			List<Long> sizes = new ArrayList<>(quick ? List.of(10 * Mode.MB, 100 * Mode.MB)
					: List.of(100 * Mode.MB, 500 * Mode.MB));
			String configured = System.getProperty("bench.peer.sizes");
			if (configured != null && !configured.isBlank()) {
				sizes = new ArrayList<>(Arrays.stream(configured.split(",")).map(String::trim)
					.map((mb) -> Long.parseLong(mb) * Mode.MB).toList());
			}
			if (with2g && !sizes.contains(2000 * Mode.MB)) {
				sizes.add(2000 * Mode.MB);
			}
			long main = sizes.stream().filter((s) -> s <= 500 * Mode.MB).max(Long::compare).orElse(sizes.get(0));
			return new Settings(List.copyOf(sizes), main,
					Duration.ofSeconds(Long.getLong("bench.peer.trickleSeconds", quick ? 20 : 60)), 10,
					Duration.ofSeconds(1), main, Integer.getInteger("bench.peer.restoreFlushes", quick ? 20 : 100),
					mode.flushIterations(), mode.restoreIterations());
		}

	}

	/** One tool's cost for one step: what passed its proxy, and from commit to the end of its last upload. */
	record Cost(Traffic traffic, double durableNanos, double toolNanos) {

		double bytesUp() {
			return traffic.bytesUp();
		}

		double requests() {
			return traffic.requests();
		}

	}

	/** One row of table 9a: medians over the iterations, per tool. */
	record ChangeRow(long dbBytes, String change, int rows, Side litestream, Side buckethead) {
	}

	record Side(double bytesUp, double requests, double puts, double durableNanos, double toolNanos) {

		static Side median(List<Cost> costs) {
			return new Side(Stats.median(costs.stream().map(Cost::bytesUp).toList()),
					Stats.median(costs.stream().map(Cost::requests).toList()),
					Stats.median(costs.stream().map((c) -> (double) c.traffic().requests("PUT")).toList()),
					Stats.median(costs.stream().map(Cost::durableNanos).toList()),
					Stats.median(costs.stream().map(Cost::toolNanos).toList()));
		}

	}

	/**
	 * @param bases the bases written in the window (manifests uploaded: a base step or a background compaction)
	 * @param baseTraffic the requests that made them: their packs, chunks and manifests uploaded, and what the
	 * compaction read (the base's packs, the chain's steps)
	 */
	record TrickleRow(String tool, long dbBytes, double seconds, int updates, Traffic traffic, double gapP50,
			double gapP90, int uploads, long bases, Traffic baseTraffic) {

		double perHour(double value) {
			return value * 3600 / seconds;
		}

		/** What the window cost without its bases: the deltas and heads alone. */
		Traffic steps() {
			return traffic.only((e) -> !baseTraffic.exchanges().contains(e));
		}

	}

	record RestoreRow(String tool, long dbBytes, int flushes, double nanos, double gets, double requests,
			double bytesDown, String checks, boolean matches) {
	}

	private final Settings settings;

	private final S3 s3;

	private final Data data;

	private final Path scratch;

	private final LitestreamInstall.Availability litestream;

	final List<ChangeRow> changes = new ArrayList<>();

	final List<TrickleRow> trickles = new ArrayList<>();

	final List<RestoreRow> restores = new ArrayList<>();

	/** BucketHead's own counters against the proxy's, over the whole section. */
	final List<String> crossChecks = new ArrayList<>();

	final List<String> problems = new ArrayList<>();

	PeerBench(Settings settings, S3 s3, Data data, Path scratch, LitestreamInstall.Availability litestream) {
		this.settings = settings;
		this.s3 = s3;
		this.data = data;
		this.scratch = scratch;
		this.litestream = litestream;
	}

	boolean ran() {
		return litestream.binary().isPresent();
	}

	String note() {
		return litestream.note();
	}

	Settings settings() {
		return settings;
	}

	String loadAtStart = "n/a";

	void run() throws Exception {
		loadAtStart = BenchEnv.loadAverage();
		if (!ran()) {
			System.out.println("  " + litestream.note());
			return;
		}
		for (long size : settings.sizes()) {
			System.out.println("9. Side by side with Litestream at " + Mode.label(size) + " ...");
			try {
				atSize(size);
			}
			catch (Exception | AssertionError ex) {
				// One size failing (say Litestream missing a deadline) must not lose the sizes measured.
				problems.add(Mode.label(size) + ": " + ex);
				System.out.println("  failed at " + Mode.label(size) + ": " + ex);
			}
		}
	}

	private void atSize(long size) throws Exception {
		Path template = data.template(size);
		long dbBytes = Files.size(template);
		long rows = Data.rowsFor(size);
		String label = Mode.label(size);
		Path dir = scratch.resolve("peer");
		S3.Bucket bucket = s3.newBucket("peer-" + label);
		try (Peer ls = LitestreamPeer.start(litestream.binary().orElseThrow(), s3, bucket, template,
				dir.resolve("litestream"), settings.interval());
				BucketHeadPeer bh = BucketHeadPeer.start(s3, bucket, template, dir.resolve("buckethead"))) {
			Peer[] peers = { ls, bh };
			int[] flushes = new int[2];
			Side[] first = new Side[2];
			for (int p = 0; p < 2; p++) {
				first[p] = Side.median(List.of(durable(peers[p], System.nanoTime())));
			}
			changes.add(new ChangeRow(dbBytes, "first copy", (int) rows, first[0], first[1]));
			print(label, "first copy", first);
			if (size == settings.restoreSize()) {
				for (Peer peer : peers) {
					restores.add(restore(peer, dbBytes, 0, dir.resolve("restore")));
				}
			}
			List<Change> cells = new ArrayList<>(TRICKLE_ONLY ? List.of() : CHANGES);
			if (!TRICKLE_ONLY) {
				cells.add(Change.rows(FIXED_ROWS, rows));
				cells.add(Change.rows(1, rows));
			}
			for (int c = 0; c < cells.size(); c++) {
				Change change = cells.get(c);
				List<List<Cost>> costs = List.of(new ArrayList<>(), new ArrayList<>());
				int changed = 0;
				for (int i = 0; i < settings.iterations(); i++) {
					long seed = size * 1_000 + c * 100 + i;
					for (int p = 0; p < 2; p++) {
						changed = Data.change(peers[p].writer(), rows, change.fraction(), change.clustered(),
								new Random(seed), 100_000);
						costs.get(p).add(durable(peers[p], System.nanoTime()));
						flushes[p]++;
					}
				}
				for (Peer peer : peers) {
					peer.tidy();
				}
				Side[] sides = { Side.median(costs.get(0)), Side.median(costs.get(1)) };
				String name = c < CHANGES.size() ? change.label() : changed == 1 ? "1 random row" : changed + " random rows";
				changes.add(new ChangeRow(dbBytes, name, changed, sides[0], sides[1]));
				print(label, name, sides);
			}
			if (size == settings.restoreSize() && !TRICKLE_ONLY) {
				System.out.println("    " + settings.restoreFlushes() + " flushes of 1 % random rows, then restore ...");
				for (int i = 0; i < settings.restoreFlushes(); i++) {
					for (int p = 0; p < 2; p++) {
						Data.change(peers[p].writer(), rows, 0.01, false, new Random(size + 7_000 + i), 100_000);
						peers[p].makeDurable();
						flushes[p]++;
						if (i % 5 == 4) {
							peers[p].tidy();
						}
					}
				}
				for (int p = 0; p < 2; p++) {
					restores.add(restore(peers[p], dbBytes, flushes[p], dir.resolve("restore")));
				}
			}
			if (size == settings.trickleSize()) {
				for (int p = 0; p < 2; p++) {
					trickles.add(trickle(peers[p], dbBytes, rows));
					flushes[p] += (int) settings.trickle().toSeconds();
				}
				// The chain the trickle left (one step a second since the last base) restored by each tool.
				for (int p = 0; p < 2; p++) {
					restores.add(restore(peers[p], dbBytes, flushes[p], dir.resolve("restore")));
				}
			}
			IoCounters own = bh.ioCounters();
			Traffic counted = bh.proxy().traffic();
			crossChecks.add(label + ", all of BucketHead's traffic: the proxy counted " + counted.requests()
					+ " requests, " + counted.bytesUp() + " bytes up, " + counted.bytesDown()
					+ " down; BucketHead's own IoCounters " + own.totalRequests() + " requests, " + own.bytesOut()
					+ " bytes out, " + own.bytesIn() + " in (IoCounters leave out the bodies of error responses, "
					+ "such as a 404 for an object not there yet)");
			for (Peer peer : peers) {
				peer.proxy().failures().forEach((f) -> problems.add(peer.name() + " proxy at " + label + ": " + f));
			}
		}
		finally {
			bucket.drop();
			BenchEnv.deleteTree(dir);
		}
	}

	/** Makes the peer's commits durable and returns what it cost since {@code committedAt}. */
	private static Cost durable(Peer peer, long committedAt) throws Exception {
		Traffic before = peer.proxy().traffic();
		long t0 = System.nanoTime();
		peer.makeDurable();
		long toolNanos = System.nanoTime() - t0;
		Traffic cost = peer.proxy().traffic().since(before);
		double lastUpload = cost.exchanges().stream()
			.filter((e) -> e.method().equals("PUT") || e.method().equals("POST"))
			.mapToLong(Exchange::endNanos)
			.max()
			.orElse(Long.MIN_VALUE);
		return new Cost(cost, lastUpload == Long.MIN_VALUE ? Double.NaN : lastUpload - committedAt, toolNanos);
	}

	/**
	 * Single-row updates at a steady rate while the tool uploads every interval on its own; counts what starts
	 * within the window.
	 */
	private TrickleRow trickle(Peer peer, long dbBytes, long rows) throws Exception {
		System.out.println("    trickle: " + settings.updatesPerSecond() + " updates/s for "
				+ settings.trickle().toSeconds() + " s, " + peer.name() + " ...");
		peer.uploadEvery(settings.interval());
		Random random = new Random(99);
		long period = 1_000_000_000L / settings.updatesPerSecond();
		int updates = (int) (settings.trickle().toSeconds() * settings.updatesPerSecond());
		Connection c = peer.writer();
		Traffic before = peer.proxy().traffic();
		long t0 = System.nanoTime();
		try (PreparedStatement update = c.prepareStatement("UPDATE rows SET payload = ?, updated_at = ? WHERE id = ?")) {
			for (int i = 0; i < updates; i++) {
				// Pacing the workload (10 updates a second), not waiting for a result.
				long next = t0 + i * period;
				for (long now = System.nanoTime(); now < next; now = System.nanoTime()) {
					LockSupport.parkNanos(next - now);
				}
				update.setBytes(1, Data.payload(random));
				update.setLong(2, System.nanoTime());
				update.setLong(3, 1 + (long) (random.nextDouble() * rows));
				update.executeUpdate();
			}
		}
		long t1 = t0 + updates * period;
		for (long now = System.nanoTime(); now < t1; now = System.nanoTime()) {
			LockSupport.parkNanos(t1 - now);
		}
		peer.makeDurable();
		Traffic window = peer.proxy().traffic().since(before)
			.only((e) -> e.startNanos() >= t0 && e.startNanos() < t1);
		List<Long> starts = window.uploadBurstStarts(BURST_QUIET_NANOS);
		long[] gaps = new long[Math.max(0, starts.size() - 1)];
		for (int i = 1; i < starts.size(); i++) {
			gaps[i - 1] = starts.get(i) - starts.get(i - 1);
		}
		Arrays.sort(gaps);
		// A base's objects: its packs (or chunk objects) and manifest, and the GETs of a compaction reading the
		// base's packs. The compaction's GETs of the chain's steps are counted with the steps (a GET of a step is
		// a reader's too).
		Traffic bases = window.only((e) -> e.target().contains(".bh/manifests/") || e.target().contains(".bh/packs/")
				|| e.target().contains(".bh/chunks/"));
		long baseCount = bases.exchanges().stream()
			.filter((e) -> e.method().equals("PUT") && e.target().contains(".bh/manifests/"))
			.count();
		TrickleRow row = new TrickleRow(peer.name(), dbBytes, (t1 - t0) / 1e9, updates, window,
				Stats.percentileSorted(gaps, 50), Stats.percentileSorted(gaps, 90), starts.size(), baseCount, bases);
		System.out.printf("      %s: %d requests, %s MB, gap p50 %s ms, %d bases (%d requests, %s MB)%n", peer.name(),
				window.requests(), Report.mb(window.bytesUp()), Report.ms(row.gapP50()), baseCount, bases.requests(),
				Report.mb(bases.bytesUp()));
		return row;
	}

	private RestoreRow restore(Peer peer, long dbBytes, int flushes, Path dir) throws Exception {
		String live = Peer.fingerprint(peer.writer());
		List<Double> nanos = new ArrayList<>();
		List<Double> gets = new ArrayList<>();
		List<Double> requests = new ArrayList<>();
		List<Double> down = new ArrayList<>();
		boolean matches = true;
		for (int i = 0; i < settings.restoreIterations(); i++) {
			Traffic before = peer.proxy().traffic();
			Peer.Restored restored = peer.restore(dir);
			Traffic cost = peer.proxy().traffic().since(before);
			nanos.add((double) restored.nanos());
			gets.add((double) cost.requests("GET"));
			requests.add((double) cost.requests());
			down.add((double) cost.bytesDown());
			if (!restored.fingerprint().equals(live)) {
				matches = false;
				problems.add(peer.name() + " restored " + restored.fingerprint() + " where the live database has "
						+ live);
			}
		}
		BenchEnv.deleteTree(dir);
		RestoreRow row = new RestoreRow(peer.name(), dbBytes, flushes, Stats.median(nanos), Stats.median(gets),
				Stats.median(requests), Stats.median(down), peer.restoreChecks(), matches);
		System.out.printf("      restore %s: %s ms, %.0f GETs%n", peer.name(), Report.ms(row.nanos()), row.gets());
		return row;
	}

	private static void print(String label, String what, Side[] sides) {
		System.out.printf("    %s %s: Litestream %s MB / %.0f requests, BucketHead %s MB / %.0f requests%n", label, what,
				Report.mb(sides[0].bytesUp()), sides[0].requests(), Report.mb(sides[1].bytesUp()), sides[1].requests());
	}

	static Optional<Double> ratio(double a, double b) {
		return b == 0 || Double.isNaN(a) || Double.isNaN(b) ? Optional.empty() : Optional.of(a / b);
	}

}
