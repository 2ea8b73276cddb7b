package dev.buckethead.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.openjdk.jmh.util.Statistics;

/** Section 1: key-value get/put latency with JMH (SampleTime), 1 and 2 threads, every backend. */
final class KvSection {

	record Result(String backend, String op, int threads, double p50, double p99, double p999, double mean,
			long samples) {

		double opsPerSecond() {
			return threads * 1e9 / mean;
		}

	}

	static final List<String> BACKENDS = List.of("kv-FILE", "kv-MEMORY", "redis", "h2", "chm");

	private final Mode mode;

	private final Path logDir;

	private final Integer redisPort;

	final Map<String, Result> results = new HashMap<>();

	KvSection(Mode mode, Path logDir, Integer redisPort) {
		this.mode = mode;
		this.logDir = logDir;
		this.redisPort = redisPort;
	}

	static String key(String backend, String op, int threads) {
		return backend + "/" + op + "/" + threads;
	}

	void run() throws Exception {
		List<String> backends = new ArrayList<>(BACKENDS);
		if (redisPort == null) {
			backends.remove("redis");
		}
		else {
			System.setProperty("bench.redis.port", String.valueOf(redisPort));
		}
		for (int threads : new int[] { 1, 2 }) {
			Path log = logDir.resolve("jmh-" + threads + "-threads.log");
			ChainedOptionsBuilder options = new OptionsBuilder()
				.include(KvBenchmark.class.getName() + "\\.(get|put)$")
				.param("backend", backends.toArray(String[]::new))
				.param("keys", String.valueOf(mode.kvKeys()))
				.mode(org.openjdk.jmh.annotations.Mode.SampleTime)
				.timeUnit(TimeUnit.NANOSECONDS)
				.warmupIterations(mode.jmhWarmupIterations())
				.warmupTime(TimeValue.milliseconds(Math.max(1, mode.jmhWarmupMillis())))
				.measurementIterations(mode.jmhMeasureIterations())
				.measurementTime(TimeValue.milliseconds(mode.jmhMeasureMillis()))
				.forks(mode.jmhForks())
				.threads(threads)
				.shouldFailOnError(true)
				.output(log.toString())
				.verbosity(VerboseMode.NORMAL)
				.jvmArgsAppend("-Xmx2g", "-Dbench.scratch=" + BenchEnv.scratchRoot(),
						"-Dbench.redis.port=" + (redisPort == null ? 0 : redisPort));
			System.out.printf("  JMH, %d thread(s), backends %s (JMH log: %s)%n", threads, backends, log);
			Collection<RunResult> runs = new Runner(options.build()).run();
			for (RunResult run : runs) {
				String benchmark = run.getParams().getBenchmark();
				String op = benchmark.substring(benchmark.lastIndexOf('.') + 1);
				String backend = run.getParams().getParam("backend");
				Statistics stats = run.getPrimaryResult().getStatistics();
				Result result = new Result(backend, op, threads, stats.getPercentile(50), stats.getPercentile(99),
						stats.getPercentile(99.9), stats.getMean(), stats.getN());
				results.put(key(backend, op, threads), result);
			}
		}
	}

	void report(Report report) {
		Report.Table table = report.table("1. Key-value operations (100-byte values, " + mode.kvKeys()
				+ " keys, uniformly random keys)", "store", "op", "threads", "p50 µs", "p99 µs", "p99.9 µs", "ops/s",
				"Redis p50 ÷ p50", "p50 ÷ ConcurrentHashMap p50");
		for (String op : List.of("get", "put")) {
			for (int threads : new int[] { 1, 2 }) {
				Result redis = results.get(key("redis", op, threads));
				Result chm = results.get(key("chm", op, threads));
				for (String backend : BACKENDS) {
					Result r = results.get(key(backend, op, threads));
					if (r == null) {
						table.row(label(backend), op, threads, "skipped: redis-server not installed", "", "", "", "", "");
						continue;
					}
					table.row(label(backend), op, threads, Report.us(r.p50()), Report.us(r.p99()),
							Report.us(r.p999()), Report.count(r.opsPerSecond()),
							redis == null ? "n/a" : Report.ratio(redis.p50() / r.p50()),
							chm == null ? "n/a" : Report.ratio(r.p50() / chm.p50()));
				}
			}
		}
		table.note("JMH " + jmhVersion()
				+ " SampleTime mode, " + mode.jmhForks() + " fork(s) per row, " + mode.jmhWarmupIterations() + " × "
				+ mode.jmhWarmupMillis() + " ms warm-up, " + mode.jmhMeasureIterations() + " × "
				+ mode.jmhMeasureMillis() + " ms measured; p50/p99 over all sampled operations of all iterations "
				+ "(the p50 is the median). ops/s = threads / mean latency, so rare long operations (p99.9 and beyond) "
				+ "pull it down. \"Redis p50 ÷ p50\" > 1× means faster "
				+ "than Redis. kv-FILE / kv-MEMORY = `BucketSQLite.kv()` with `LiveStorage.FILE` "
				+ "(default) / `MEMORY`, no flush timer; Redis = redis-server on 127.0.0.1 via Jedis (one "
				+ "connection per thread, no pipelining); h2 = H2 in-memory table over JDBC (`MERGE`); chm = "
				+ "`ConcurrentHashMap`, the floor.");
		report.add(table);
	}

	static String jmhVersion() {
		try (var in = KvSection.class.getResourceAsStream("/META-INF/maven/org.openjdk.jmh/jmh-core/pom.properties")) {
			java.util.Properties p = new java.util.Properties();
			if (in != null) {
				p.load(in);
			}
			return p.getProperty("version", "");
		}
		catch (java.io.IOException ex) {
			return "";
		}
	}

	private static String label(String backend) {
		return switch (backend) {
			case "kv-FILE" -> "KvStore FILE";
			case "kv-MEMORY" -> "KvStore MEMORY";
			case "redis" -> "Redis (Jedis, loopback)";
			case "h2" -> "H2 in-memory (JDBC)";
			default -> "ConcurrentHashMap";
		};
	}

}
