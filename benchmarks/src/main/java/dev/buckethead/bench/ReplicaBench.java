package dev.buckethead.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import dev.buckethead.BucketSQLite;
import dev.buckethead.live.LiveStorage;
import dev.buckethead.replica.BucketReplica;
import dev.buckethead.replica.ReplicaApplied;
import dev.buckethead.replica.ReplicaListener;
import dev.buckethead.snapshot.RestorePoint;
import dev.buckethead.snapshot.SnapshotRepository;
import dev.buckethead.test.S3TestServer;

/**
 * Read replicas (issue 14): {@code java -cp benchmarks/target/benchmarks.jar dev.buckethead.bench.ReplicaBench
 * [--with-2gb] [--processes [--seconds N] [--sample-jar JAR]]}.
 * <p>
 * Apply cost: a writer and an in-process replica on S3Proxy; the same change (1,000 random rows of table
 * {@code rows}) flushed as a page delta and applied, at 100 MB and 500 MB (2 GB with {@code --with-2gb}).
 * <p>
 * Processes ({@code --processes}, long): the packaged sample app as 1 writer (1 s flush, page deltas) and 3
 * replicas (1 s poll) on S3Proxy, 10 updates/s for N s (default 60): the lag from a write's acknowledgement to
 * its first read on each replica; then the writer stops (final flush) and each replica's database is compared
 * with the writer's last generation, byte for byte.
 */
public final class ReplicaBench {

	private static final int ROUNDS = 15;

	private static final int CHANGED_ROWS = 1000;

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private ReplicaBench() {
	}

	public static void main(String[] args) throws Exception {
		List<String> list = Arrays.asList(args);
		Path scratch = BenchEnv.scratchRoot().resolve("replica-" + ProcessHandle.current().pid());
		Data data = new Data(scratch.resolve("templates"));
		Report report = new Report();
		report.line("- machine: " + BenchEnv.machine());
		S3 s3 = S3.start(scratch);
		report.line("- S3: " + s3.describe());
		try {
			List<Long> sizes = new ArrayList<>(List.of(100 * Mode.MB, 500 * Mode.MB));
			if (list.contains("--with-2gb")) {
				sizes.set(1, 2000 * Mode.MB);
			}
			applyCost(s3, data, sizes, scratch, report);
			if (list.contains("--processes")) {
				int seconds = intArg(list, "--seconds", 60);
				Path jar = Path.of(stringArg(list, "--sample-jar", "sample-app/target/sample-app-0.1.0-SNAPSHOT.jar"));
				processes(s3, jar, seconds, scratch, report);
			}
			System.out.println();
			System.out.println(report);
		}
		finally {
			data.deleteAll();
			BenchEnv.deleteTree(scratch);
		}
		System.exit(0);
	}

	private static void applyCost(S3 s3, Data data, List<Long> sizes, Path scratch, Report report) throws Exception {
		Report.Table table = report.table("Replica apply of the same change (" + CHANGED_ROWS
				+ " random rows, one page delta)", "db", "poll p50 ms", "readers held p50 ms", "held max ms",
				"pages", "KB downloaded", "base steps (compaction)");
		List<Double> held = new ArrayList<>();
		for (long size : sizes) {
			System.out.println("Replica apply at " + Mode.label(size) + " ...");
			Path template = data.template(size);
			long rowCount = Data.rowsFor(size);
			try (S3.Bucket bucket = s3.newBucket("replica-" + Mode.label(size).toLowerCase());
					var client = patient(s3, bucket.name)) {
				client.putFile("replica.db", template);
				BucketSQLite.Builder engine = BucketSQLite.builder()
					.bucket(client)
					.snapshotKey("replica.db")
					.storage(LiveStorage.FILE)
					.flushInterval(Duration.ZERO)
					.pageDeltas(true);
				List<ReplicaApplied> applied = new ArrayList<>();
				try (BucketSQLite writer = engine.directory(scratch.resolve("live").resolve("w-" + size)).build().start()) {
					writer.forceFlush();
					try (BucketReplica replica = BucketSQLite.builder()
						.bucket(client)
						.snapshotKey("replica.db")
						.directory(scratch.resolve("live").resolve("r-" + size))
						.replicaOf("main")
						.pollInterval(Duration.ZERO)
						.listener(new ReplicaListener() {
							@Override
							public void onApplied(ReplicaApplied event) {
								applied.add(event);
							}
						})
						.build()
						.start()) {
						Random random = new Random(size);
						List<Long> polls = new ArrayList<>();
						for (int i = 0; i < ROUNDS; i++) {
							Data.change(writer.connection(), rowCount, (double) CHANGED_ROWS / rowCount, false, random,
									CHANGED_ROWS);
							writer.forceFlush();
							long started = System.nanoTime();
							replica.pollNow();
							polls.add(System.nanoTime() - started);
						}
						if (applied.size() != ROUNDS) {
							throw new IllegalStateException("expected " + ROUNDS + " applies, got " + applied);
						}
						// The writer's interim compaction makes some steps bases: those are resyncs, reported apart.
						List<ReplicaApplied> deltas = applied.stream().filter((event) -> !event.resync()).toList();
						List<Long> holds = deltas.stream().map((event) -> event.duration().toNanos()).toList();
						List<ReplicaApplied> bases = applied.stream().filter(ReplicaApplied::resync).toList();
						List<Long> deltaPolls = new ArrayList<>();
						for (int i = 0; i < ROUNDS; i++) {
							if (!applied.get(i).resync()) {
								deltaPolls.add(polls.get(i));
							}
						}
						held.add(Stats.median(holds));
						table.row(Report.mb(Files.size(template)) + " MB", Report.ms(Stats.median(deltaPolls)),
								Report.ms(Stats.median(holds)),
								Report.ms(holds.stream().mapToLong(Long::longValue).max().orElse(0)),
								Report.count(Stats.median(deltas.stream().map(ReplicaApplied::pagesWritten).toList())),
								Report.count(Stats.median(deltas.stream().map(ReplicaApplied::bytesDownloaded).toList())
										/ 1024),
								bases.isEmpty() ? "none" : bases.size() + ": held " + Report.ms(bases.get(0).duration()
									.toNanos()) + " ms, " + Report.count(bases.get(0).pagesWritten()) + " pages, "
										+ Report.count(bases.get(0).bytesDownloaded() / 1024) + " KB");
					}
				}
			}
			data.deleteAll();
		}
		table.note("Medians of " + ROUNDS + " rounds: the writer changes the rows and flushes a page delta, then the "
				+ "replica polls once (GET of the step, GET of the next step's key: 404). 'Readers held' is the "
				+ "apply: SQLite's EXCLUSIVE lock taken, the pages written in place, the change counter raised. "
				+ "Ratio of readers held, largest / smallest database: "
				+ Report.ratio(held.get(held.size() - 1) / held.get(0)) + ".");
		report.add(table);
	}

	/** A client with deadlines for a 2 GB database on a loaded, shared machine (the defaults suit a real bucket). */
	private static dev.buckethead.bucket.S3BucketClient patient(S3 s3, String bucket) {
		return new dev.buckethead.bucket.S3BucketClient(dev.buckethead.bucket.BucketConfig.builder()
			.bucket(bucket)
			.endpoint(s3.server.endpoint())
			.region(s3.server.region())
			.credentials(s3.server.accessKey(), s3.server.secretKey())
			.pathStyle(true)
			.timeouts(dev.buckethead.bucket.BucketTimeouts.defaults()
				.withCallTimeout(Duration.ofSeconds(300))
				.withAttemptTimeout(Duration.ofSeconds(120))
				.withReadTimeout(Duration.ofSeconds(120)))
			.build());
	}

	private static void processes(S3 s3, Path jar, int seconds, Path scratch, Report report) throws Exception {
		if (!Files.exists(jar)) {
			throw new IllegalStateException("No sample jar at " + jar.toAbsolutePath() + ": run `mvn -pl sample-app -am "
					+ "package -DskipTests` first, or pass --sample-jar");
		}
		S3TestServer server = s3.server;
		String bucket = server.createBucket("replicas");
		List<String> common = List.of("--buckethead.bucket.name=" + bucket,
				"--buckethead.bucket.endpoint=" + server.endpoint(), "--buckethead.bucket.region=" + server.region(),
				"--buckethead.bucket.access-key-id=" + server.accessKey(),
				"--buckethead.bucket.secret-access-key=" + server.secretKey(),
				"--buckethead.snapshot.key=replicas.db", "--buckethead.gc.interval=0");
		List<App> replicas = new ArrayList<>();
		App writer = null;
		try {
			writer = App.start(jar, scratch.resolve("writer"), common, List.of("--buckethead.snapshot.interval=1s",
					"--buckethead.snapshot.page-deltas=true"), "/actuator/health");
			writer.send("PUT", "/kv/clock", "0");
			for (int i = 0; i < 3; i++) {
				replicas.add(App.start(jar, scratch.resolve("replica-" + i), common, List.of(
						"--spring.profiles.active=replica", "--buckethead.replica.poll-interval=1s"),
						"/actuator/buckethead"));
			}
			System.out.println("Writer and 3 replicas up; " + seconds + " s of 10 updates/s ...");
			ConcurrentHashMap<Integer, Long> acked = new ConcurrentHashMap<>();
			List<Long> lags = java.util.Collections.synchronizedList(new ArrayList<>());
			AtomicBoolean running = new AtomicBoolean(true);
			List<Thread> pollers = new ArrayList<>();
			for (App replica : replicas) {
				Thread poller = new Thread(() -> {
					int seen = 0;
					while (running.get()) {
						try {
							HttpResponse<String> read = replica.send("GET", "/kv/clock", null);
							long now = System.nanoTime();
							if (read.statusCode() == 200) {
								int value = Integer.parseInt(read.body().strip());
								for (int s = seen + 1; s <= value; s++) {
									Long at = acked.get(s);
									if (at != null) {
										lags.add(now - at);
									}
								}
								seen = Math.max(seen, value);
							}
							Thread.sleep(20); // the sampling period of the measurement, not synchronisation
						}
						catch (InterruptedException ex) {
							return;
						}
						catch (Exception ex) {
							// a replica still starting; keep polling
						}
					}
				}, "lag-poller");
				poller.start();
				pollers.add(poller);
			}
			long start = System.nanoTime();
			int updates = seconds * 10;
			for (int s = 1; s <= updates; s++) {
				long due = start + s * 100_000_000L;
				long wait = due - System.nanoTime();
				if (wait > 0) {
					TimeUnit.NANOSECONDS.sleep(wait); // pacing the load at 10/s
				}
				HttpResponse<String> put = writer.send("PUT", "/kv/clock", Integer.toString(s));
				if (put.statusCode() != 200) {
					throw new IllegalStateException("write " + s + " answered " + put.statusCode() + ": " + put.body());
				}
				acked.put(s, System.nanoTime());
			}
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
			while (lags.size() < updates * 3L && System.nanoTime() < deadline) {
				Thread.sleep(50);
			}
			running.set(false);
			for (Thread poller : pollers) {
				poller.join();
			}
			long[] sorted = lags.stream().mapToLong(Long::longValue).sorted().toArray();
			writer.stop();
			writer = null;
			String last;
			Path restored = scratch.resolve("last.db");
			try (var client = s3.client(bucket, server.endpoint());
					SnapshotRepository repository = new SnapshotRepository(client, "replicas.db", 10, List.of())) {
				last = repository.state("main").orElseThrow().pointer().generation();
				repository.restoreTo("main", RestorePoint.latest(), restored, true);
			}
			List<String> equal = new ArrayList<>();
			for (App replica : replicas) {
				long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
				while (!replica.send("GET", "/actuator/buckethead", null).body().contains(last)
						&& System.nanoTime() < until) {
					Thread.sleep(100);
				}
				equal.add(sameDatabase(replica.liveFile(), restored) ? "equal" : "DIFFERENT");
			}
			Report.Table table = report.table("1 writer + 3 replica processes (packaged sample app), " + seconds
					+ " s of 10 updates/s, 1 s flush, 1 s poll", "samples", "lag p50 ms", "lag p99 ms", "lag max ms",
					"after the writer stopped: replica = last generation");
			table.row(Report.count(sorted.length), Report.ms(Stats.percentileSorted(sorted, 50)),
					Report.ms(Stats.percentileSorted(sorted, 99)), Report.ms(sorted.length == 0 ? 0 : sorted[sorted.length - 1]),
					String.join(", ", equal));
			table.note("Lag: from the writer's HTTP acknowledgement of `PUT /kv/clock` to the first `GET /kv/clock` "
					+ "on a replica that returns that value or a later one (each replica sampled every 20 ms), "
					+ "over every update and replica. Equality: each replica's file against a restore of the "
					+ "writer's last generation (" + last + "), every byte but the change counter (header "
					+ "offsets 24 and 92), which a replica raises itself so that its readers drop their caches.");
			report.add(table);
		}
		finally {
			for (App replica : replicas) {
				replica.stop();
			}
			if (writer != null) {
				writer.stop();
			}
		}
	}

	private static boolean sameDatabase(Path replica, Path restored) throws IOException {
		byte[] ours = Files.readAllBytes(replica);
		byte[] theirs = Files.readAllBytes(restored);
		if (ours.length != theirs.length || ours.length < 100) {
			return false;
		}
		for (int offset : new int[] { 24, 92 }) {
			ByteBuffer.wrap(ours).putInt(offset, 0);
			ByteBuffer.wrap(theirs).putInt(offset, 0);
		}
		return Arrays.equals(ours, theirs);
	}

	/** One sample app process. */
	private record App(Process process, int port, Path directory) {

		static App start(Path jar, Path directory, List<String> common, List<String> own, String readyPath)
				throws Exception {
			Files.createDirectories(directory);
			int port;
			try (ServerSocket socket = new ServerSocket(0)) {
				port = socket.getLocalPort();
			}
			List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
					"-Xmx512m", "-jar", jar.toAbsolutePath().toString(), "--server.port=" + port,
					"--buckethead.database.directory=" + directory.resolve("live")));
			command.addAll(common);
			command.addAll(own);
			Process process = new ProcessBuilder(command).directory(directory.toFile())
				.redirectErrorStream(true)
				.redirectOutput(directory.resolve("app.log").toFile())
				.start();
			App app = new App(process, port, directory);
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
			while (true) {
				if (!process.isAlive()) {
					throw new IllegalStateException("The sample app exited; see " + directory.resolve("app.log"));
				}
				try {
					if (app.send("GET", readyPath, null).statusCode() == 200) {
						return app;
					}
				}
				catch (IOException ex) {
					// not listening yet
				}
				if (System.nanoTime() > deadline) {
					app.stop();
					throw new IllegalStateException("The sample app did not start; see " + directory.resolve("app.log"));
				}
				Thread.sleep(200);
			}
		}

		HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
				.timeout(Duration.ofSeconds(10))
				.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
						: HttpRequest.BodyPublishers.ofString(body));
			if (body != null) {
				request.header("Content-Type", "text/plain");
			}
			return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}

		Path liveFile() throws IOException {
			try (Stream<Path> files = Files.list(directory.resolve("live").resolve("replicas"))) {
				return files.filter((file) -> file.getFileName().toString().endsWith(".db")).findFirst().orElseThrow();
			}
		}

		void stop() {
			S3TestServer.stopProcess(process);
		}

	}

	private static int intArg(List<String> list, String name, int fallback) {
		int i = list.indexOf(name);
		return i >= 0 && i + 1 < list.size() ? Integer.parseInt(list.get(i + 1)) : fallback;
	}

	private static String stringArg(List<String> list, String name, String fallback) {
		int i = list.indexOf(name);
		return i >= 0 && i + 1 < list.size() ? list.get(i + 1) : fallback;
	}

}
