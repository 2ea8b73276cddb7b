package dev.buckethead.bench.litestream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import dev.buckethead.test.S3TestServer;

/**
 * {@code litestream replicate} as a child process for one SQLite file (in WAL mode, written by this JVM: to
 * Litestream another process), and {@code litestream restore} of its replica. Each replication writes its own
 * config file into a work directory: the database, a meta directory, the S3 replica with the given sync interval,
 * and a loopback metrics endpoint that {@link #awaitReplicated} reads to know when everything is uploaded.
 */
public final class Litestream implements AutoCloseable {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final Path binary;

	private final Path config;

	private final Path database;

	private final Path meta;

	private final Path log;

	private final Map<String, String> env;

	private final URI metrics;

	private final Process process;

	private Litestream(Path binary, Path config, Path database, Path meta, Path log, Map<String, String> env,
			URI metrics, Process process) {
		this.binary = binary;
		this.config = config;
		this.database = database;
		this.meta = meta;
		this.log = log;
		this.env = env;
		this.metrics = metrics;
		this.process = process;
	}

	/**
	 * Starts replicating {@code database} to {@code replica}, syncing every {@code syncInterval}; the config, the
	 * meta directory and the log go into {@code workDir}.
	 */
	public static Litestream replicate(Path binary, Path database, S3Replica replica, Duration syncInterval,
			Path workDir) throws IOException {
		Files.createDirectories(workDir);
		Path meta = workDir.resolve("meta");
		Path config = workDir.resolve("litestream.yml");
		Path log = workDir.resolve("litestream.log");
		int port = freePort();
		Files.writeString(config, String.join("\n", "addr: \"127.0.0.1:" + port + "\"", "dbs:",
				"  - path: " + quoted(database.toAbsolutePath()), "    meta-path: " + quoted(meta.toAbsolutePath()),
				"    replicas:", "      - type: s3", "        bucket: " + quoted(replica.bucket()),
				"        path: " + quoted(replica.path()), "        endpoint: " + quoted(replica.endpoint()),
				"        region: " + quoted(replica.region()), "        force-path-style: true",
				"        sync-interval: " + syncInterval.toMillis() + "ms", ""), StandardCharsets.UTF_8);
		Map<String, String> env = Map.of("LITESTREAM_ACCESS_KEY_ID", replica.accessKey(),
				"LITESTREAM_SECRET_ACCESS_KEY", replica.secretKey());
		ProcessBuilder builder = new ProcessBuilder(binary.toString(), "replicate", "-config", config.toString())
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
		builder.environment().putAll(env);
		Process process = builder.start();
		Litestream litestream = new Litestream(binary, config, database, meta, log, env,
				URI.create("http://127.0.0.1:" + port + "/metrics"), process);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> S3TestServer.stopProcess(process), "litestream-shutdown"));
		return litestream;
	}

	/**
	 * Returns once the replica holds every transaction committed before this call: two of Litestream's database
	 * syncs (WAL to shadow WAL) have completed since, so the second one started after the commit, and then the
	 * replica's position is at or past the shadow WAL's end.
	 * @throws IllegalStateException when that does not happen within {@code timeout}, or Litestream exited
	 */
	public void awaitReplicated(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		double syncsBefore = scrape().map(Litestream::goodSyncs).orElse(0.0);
		Optional<WalPosition> shadow = Optional.empty();
		Optional<WalPosition> replica = Optional.empty();
		while (true) {
			if (!process.isAlive()) {
				throw new IllegalStateException("litestream replicate exited with status " + process.exitValue()
						+ ": " + Processes.tailOf(log, 1500));
			}
			Optional<Metrics> now = scrape();
			if (now.isPresent() && goodSyncs(now.get()) >= syncsBefore + 2) {
				shadow = shadowPosition();
				replica = shadow.isPresent() ? scrape().flatMap(WalPosition::replica) : Optional.empty();
				if (shadow.isPresent() && WalPosition.caughtUp(shadow.get(), replica)) {
					return;
				}
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Litestream did not replicate within " + timeout + " (shadow WAL at "
						+ shadow.map(WalPosition::toString).orElse("?") + ", replica at "
						+ replica.map(WalPosition::toString).orElse("?") + "): " + Processes.tailOf(log, 1500));
			}
			LockSupport.parkNanos(20_000_000);
		}
	}

	/**
	 * Runs {@code litestream restore} of this database's replica into {@code output} (which must not exist) and
	 * returns how long the process took, in nanoseconds.
	 */
	public long restore(Path output, Duration timeout) throws IOException, InterruptedException {
		Processes.Result result = Processes.run(List.of(binary.toString(), "restore", "-config", config.toString(),
				"-o", output.toString(), database.toAbsolutePath().toString()), null, env, timeout.toSeconds());
		if (result.exitCode() != 0 || !Files.isRegularFile(output)) {
			throw new IOException("litestream restore exited with " + result.exitCode() + ": "
					+ Processes.tail(result.output(), 1500));
		}
		return result.nanos();
	}

	/** The end of Litestream's log, for a report of what went wrong. */
	public String logTail() {
		return Processes.tailOf(log, 1500);
	}

	@Override
	public void close() {
		S3TestServer.stopProcess(process);
	}

	/** Completed database syncs that did not fail. */
	private static double goodSyncs(Metrics metrics) {
		return metrics.sum("litestream_sync_count").orElse(0) - metrics.sum("litestream_sync_error_count").orElse(0);
	}

	private Optional<Metrics> scrape() {
		try {
			HttpResponse<String> response = HTTP.send(
					HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(5)).GET().build(),
					HttpResponse.BodyHandlers.ofString());
			return response.statusCode() == 200 ? Optional.of(Metrics.parse(response.body())) : Optional.empty();
		}
		catch (IOException ex) {
			return Optional.empty(); // not listening yet
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while reading Litestream's metrics", ex);
		}
	}

	/**
	 * The end of the current shadow WAL: the generation named in {@code meta/generation}, its highest
	 * {@code wal/<index>.wal} file and that file's size.
	 */
	private Optional<WalPosition> shadowPosition() {
		try {
			Path name = meta.resolve("generation");
			if (!Files.isRegularFile(name)) {
				return Optional.empty();
			}
			Path wal = meta.resolve("generations").resolve(Files.readString(name).strip()).resolve("wal");
			if (!Files.isDirectory(wal)) {
				return Optional.empty();
			}
			try (Stream<Path> files = Files.list(wal)) {
				Optional<Path> last = files.filter((f) -> f.getFileName().toString().matches("[0-9a-f]{8}\\.wal"))
					.max(java.util.Comparator.comparing((Path f) -> f.getFileName().toString()));
				if (last.isEmpty()) {
					return Optional.empty();
				}
				String file = last.get().getFileName().toString();
				return Optional.of(new WalPosition(Long.parseLong(file.substring(0, 8), 16), Files.size(last.get())));
			}
		}
		catch (IOException ex) {
			return Optional.empty(); // Litestream is replacing the files: look again
		}
	}

	private static String quoted(Object value) {
		return "\"" + value.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot find a free port", ex);
		}
	}

}
