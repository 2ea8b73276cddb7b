package dev.buckethead.bench;

import java.util.List;
import java.util.Optional;

import dev.buckethead.bench.proxy.Traffic;
import dev.buckethead.snapshot.ChainLimits;

/** The tables of section 9: Litestream and BucketHead side by side, with ratios BucketHead ÷ Litestream. */
final class PeerReport {

	private PeerReport() {
	}

	static void report(Report report, PeerBench peers) {
		if (!peers.ran()) {
			report.line("### 9. Side by side with Litestream");
			report.line("");
			report.line(peers.note() + ".");
			report.line("");
			return;
		}
		PeerBench.Settings settings = peers.settings();
		report.line("### 9. Side by side with Litestream");
		report.line("");
		report.line("- " + peers.note() + "; `replicate` with sync-interval " + settings.interval().toSeconds()
				+ " s (monitor interval and checkpoints at their defaults), S3 replica on the same S3Proxy and bucket "
				+ "as BucketHead (prefix `" + LitestreamPeer.PATH + "`), path-style");
		report.line("- BucketHead: `BucketSQLite`, FILE storage, page deltas " + (BucketHeadPeer.PAGE_DELTAS ? "on" : "off")
				+ " (-Dbench.pageDeltas), defaults otherwise (format, chunk size, compression, "
				+ "keepGenerations, chain limits), snapshot key `" + BucketHeadPeer.KEY + "`; `collectGarbage` with no grace runs "
				+ "between measured steps (uncounted), so that S3Proxy's RAM-backed data stays bounded");
		report.line("- each tool talks to S3Proxy through its own counting HTTP proxy: requests by method, "
				+ "request and response body bytes (payload; aws-chunked signatures excluded), same code for both");
		report.line("- load average (1/5/15 min) when section 9 started: " + peers.loadAtStart
				+ " (other processes on the machine share its cores)");
		for (String check : peers.crossChecks) {
			report.line("- cross-check, " + check);
		}
		for (String problem : peers.problems) {
			report.line("- **problem**: " + problem);
		}
		report.line("");
		changeTable(report, peers, settings);
		fixedTable(report, peers);
		trickleTable(report, peers, settings);
		restoreTable(report, peers);
	}

	private static void changeTable(Report report, PeerBench peers, PeerBench.Settings settings) {
		Report.Table table = report.table("9a. Bytes sent per change, as % of the database", "db", "change", "rows",
				"Litestream MB", "Litestream % of db", "Litestream requests", "BucketHead MB", "BucketHead % of db",
				"BucketHead requests", "bytes BH ÷ LS", "requests BH ÷ LS", "commit → durable ms, LS",
				"commit → durable ms, BH");
		for (PeerBench.ChangeRow r : peers.changes) {
			table.row(Report.mb(r.dbBytes()) + " MB", r.change(), r.rows(), Report.mb(r.litestream().bytesUp()),
					Report.pct(r.litestream().bytesUp() / r.dbBytes()), Report.count(r.litestream().requests()),
					Report.mb(r.buckethead().bytesUp()), Report.pct(r.buckethead().bytesUp() / r.dbBytes()),
					Report.count(r.buckethead().requests()),
					ratio(r.buckethead().bytesUp(), r.litestream().bytesUp()),
					ratio(r.buckethead().requests(), r.litestream().requests()),
					Report.ms(r.litestream().durableNanos()), Report.ms(r.buckethead().durableNanos()));
		}
		table.note("Each change is an UPDATE of that share of the rows in one transaction (new 900-byte payload; "
				+ "the same ids and payloads for both tools), then: BucketHead `forceFlush()`; Litestream waits "
				+ "until its replica position reaches the end of its shadow WAL after two of its syncs (read from "
				+ "its metrics endpoint and meta directory, with a deadline). Medians of " + settings.iterations()
				+ " changes. MB = request bodies sent (PUT/POST), requests = all requests of the step. "
				+ "*commit → durable* = from the commit to the end of the tool's last upload of that step "
				+ "(Litestream: includes waiting for its 1 s monitor tick and sync interval). First copy: Litestream's "
				+ "snapshot (lz4) and first WAL segment; BucketHead's first flush after importing the file.");
		report.add(table);
	}

	private static void fixedTable(Report report, PeerBench peers) {
		List<PeerBench.ChangeRow> fixed = peers.changes.stream()
			.filter((r) -> r.change().equals(PeerBench.FIXED_ROWS + " random rows"))
			.toList();
		if (fixed.isEmpty()) {
			return;
		}
		PeerBench.ChangeRow base = fixed.get(0);
		Report.Table table = report.table("9b. A fixed change (" + PeerBench.FIXED_ROWS
				+ " random rows) as the database grows: cost ÷ cost at " + Report.mb(base.dbBytes()) + " MB", "db",
				"Litestream MB", "÷ base", "Litestream commit → durable ms", "÷ base", "BucketHead MB", "÷ base",
				"BucketHead forceFlush ms", "÷ base");
		for (PeerBench.ChangeRow r : fixed) {
			table.row(Report.mb(r.dbBytes()) + " MB", Report.mb(r.litestream().bytesUp()),
					ratio(r.litestream().bytesUp(), base.litestream().bytesUp()), Report.ms(r.litestream().durableNanos()),
					ratio(r.litestream().durableNanos(), base.litestream().durableNanos()),
					Report.mb(r.buckethead().bytesUp()), ratio(r.buckethead().bytesUp(), base.buckethead().bytesUp()),
					Report.ms(r.buckethead().toolNanos()), ratio(r.buckethead().toolNanos(), base.buckethead().toolNanos()));
		}
		table.note("The rows \"" + PeerBench.FIXED_ROWS + " random rows\" of table 9a. The goal of issue 12: "
				+ "BucketHead's flush time and bytes at 2 GB ≤ 1.3 × those at 100 MB (`--with-2gb` adds 2 GB).");
		report.add(table);
	}

	private static void trickleTable(Report report, PeerBench peers, PeerBench.Settings settings) {
		if (peers.trickles.isEmpty()) {
			return;
		}
		Report.Table table = report.table("9c. Trickle: " + settings.updatesPerSecond() + " single-row updates/s, "
				+ "uploads every " + settings.interval().toSeconds() + " s", "tool", "db", "seconds", "updates",
				"requests (by method)", "uploads", "requests per hour", "MB per hour", "gap between uploads p50 s",
				"p90 s", "bases in the window (requests, MB up)");
		for (PeerBench.TrickleRow t : peers.trickles) {
			table.row(t.tool(), Report.mb(t.dbBytes()) + " MB", Report.fmt("%.0f", t.seconds()), t.updates(),
					t.traffic().byMethod(), t.uploads(), Report.count(t.perHour(t.traffic().requests())),
					Report.mb(t.perHour(t.traffic().bytesUp())), Report.fmt("%.2f", t.gapP50() / 1e9),
					Report.fmt("%.2f", t.gapP90() / 1e9), t.bases() + " (" + t.baseTraffic().requests() + ", "
							+ Report.mb(t.baseTraffic().bytesUp()) + ")");
		}
		Optional<PeerBench.TrickleRow> ls = peers.trickles.stream().filter((t) -> t.tool().equals("Litestream")).findFirst();
		Optional<PeerBench.TrickleRow> bh = peers.trickles.stream().filter((t) -> t.tool().equals("BucketHead")).findFirst();
		if (ls.isPresent() && bh.isPresent()) {
			table.row("BucketHead ÷ Litestream", "", "", "", "", "",
					ratio(bh.get().perHour(bh.get().traffic().requests()), ls.get().perHour(ls.get().traffic().requests())),
					ratio(bh.get().perHour(bh.get().traffic().bytesUp()), ls.get().perHour(ls.get().traffic().bytesUp())),
					ratio(bh.get().gapP50(), ls.get().gapP50()), ratio(bh.get().gapP90(), ls.get().gapP90()));
		}
		table.note("One tool at a time: a thread updates one random row (autocommit) every "
				+ (1000 / settings.updatesPerSecond()) + " ms; BucketHead runs with `flushInterval` "
				+ settings.interval().toSeconds() + " s, Litestream with sync-interval " + settings.interval().toSeconds()
				+ " s. Requests and bytes that start within the window, extrapolated to an hour. An *upload* = PUTs "
				+ "less than 200 ms apart (a flush's objects; a WAL segment); the gap is between the starts of "
				+ "consecutive uploads. Shorten the window with -Dbench.peer.trickleSeconds.");
		bh.ifPresent((row) -> table.note(sustained(row, settings, BucketHeadPeer.LIMITS, "this run's")
				+ (BucketHeadPeer.LIMITS.equals(ChainLimits.DEFAULTS) ? ""
						: " " + sustained(row, settings, ChainLimits.DEFAULTS, "the default"))));
		report.add(table);
	}

	/**
	 * BucketHead's cost per hour of a sustained trickle, bases included: the window's steps (deltas, heads, claim
	 * reads) per hour, plus the bases the chain limits ask for in an hour at the window's delta rate, each costing
	 * what the window's bases cost (a scattered trickle touches every chunk within minutes, so a base costs about
	 * the same whatever the chain's length). Needs a window that holds a base (a lowered -Dbench.chain.maxSteps).
	 */
	static String sustained(PeerBench.TrickleRow row, PeerBench.Settings settings, ChainLimits limits, String which) {
		Traffic steps = row.steps();
		double deltaBytesPerSecond = steps.bytesUp() / row.seconds();
		double byBytes = deltaBytesPerSecond == 0 ? Double.POSITIVE_INFINITY
				: limits.maxBytesRatio() * row.dbBytes() / deltaBytesPerSecond;
		double secondsPerBase = Math.min(limits.maxSteps() * (double) settings.interval().toMillis() / 1000, byBytes);
		String limitsText = "At " + which + " chain limits (" + limits.maxSteps() + " steps, bytes ratio "
				+ limits.maxBytesRatio() + "): a base every " + Report.fmt("%.0f", secondsPerBase) + " s ("
				+ (secondsPerBase == byBytes ? "the bytes ratio" : "the step limit") + "); ";
		if (row.bases() == 0) {
			return limitsText + "the window holds no base, so its cost per hour leaves bases out.";
		}
		double basesPerHour = 3600 / secondsPerBase;
		double requests = row.perHour(steps.requests()) + basesPerHour * row.baseTraffic().requests() / row.bases();
		double bytes = row.perHour(steps.bytesUp()) + basesPerHour * row.baseTraffic().bytesUp() / row.bases();
		return limitsText + "steps " + Report.count(row.perHour(steps.requests())) + " requests/h, "
				+ Report.mb(row.perHour(steps.bytesUp())) + " MB/h, plus " + Report.fmt("%.2f", basesPerHour)
				+ " bases/h at " + Report.count((double) row.baseTraffic().requests() / row.bases()) + " requests, "
				+ Report.mb((double) row.baseTraffic().bytesUp() / row.bases()) + " MB each: sustained "
				+ Report.count(requests) + " requests/h, " + Report.mb(bytes) + " MB/h.";
	}

	private static void restoreTable(Report report, PeerBench peers) {
		if (peers.restores.isEmpty()) {
			return;
		}
		Report.Table table = report.table("9d. Restore of the newest state, after the first copy and after many "
				+ "flushes", "tool", "db", "flushes since the first copy", "time ms", "GET requests", "all requests",
				"MB downloaded", "checks", "restored rows = live rows");
		for (int flushes : peers.restores.stream().mapToInt(PeerBench.RestoreRow::flushes).distinct().toArray()) {
			Optional<PeerBench.RestoreRow> ls = Optional.empty();
			Optional<PeerBench.RestoreRow> bh = Optional.empty();
			for (PeerBench.RestoreRow r : peers.restores) {
				if (r.flushes() != flushes) {
					continue;
				}
				table.row(r.tool(), Report.mb(r.dbBytes()) + " MB", r.flushes(), Report.ms(r.nanos()),
						Report.count(r.gets()), Report.count(r.requests()), Report.mb(r.bytesDown()), r.checks(),
						r.matches() ? "yes" : "**no**");
				ls = r.tool().equals("Litestream") ? Optional.of(r) : ls;
				bh = r.tool().equals("BucketHead") ? Optional.of(r) : bh;
			}
			if (ls.isPresent() && bh.isPresent()) {
				table.row("BucketHead ÷ Litestream", "", flushes, ratio(bh.get().nanos(), ls.get().nanos()),
						ratio(bh.get().gets(), ls.get().gets()), ratio(bh.get().requests(), ls.get().requests()),
						ratio(bh.get().bytesDown(), ls.get().bytesDown()), "", "");
			}
		}
		table.note("Right after the first copy, and again after the changes of table 9a and then 1 % random rows "
				+ "changed and made durable again and again (-Dbench.peer.restoreFlushes), each tool restores the "
				+ "newest state into a new file: Litestream `litestream restore -o` (the whole process: its snapshot "
				+ "plus every WAL segment since; no snapshot-interval is set, as by default), BucketHead a new "
				+ "`BucketSQLite` (FILE) `start()` and one point query. Medians of the restores; rows and Σ "
				+ "updated_at of the restored copy are compared with the live database's.");
		report.add(table);
	}

	private static String ratio(double bh, double ls) {
		return PeerBench.ratio(bh, ls).map(Report::ratio).orElse("n/a");
	}

}
