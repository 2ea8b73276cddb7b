package dev.buckethead.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.buckethead.bench.litestream.Processes;
import redis.clients.jedis.Jedis;

/** The machine, scratch space, and the Redis process the benchmark starts. */
final class BenchEnv {

	private BenchEnv() {
	}

	/** RAM-backed scratch root ({@code /dev/shm} when available); system property {@code bench.scratch}. */
	static Path scratchRoot() {
		String configured = System.getProperty("bench.scratch");
		Path root;
		if (configured != null) {
			root = Path.of(configured);
		}
		else if (Files.isDirectory(Path.of("/dev/shm")) && Files.isWritable(Path.of("/dev/shm"))) {
			root = Path.of("/dev/shm", "buckethead-bench");
		}
		else {
			root = Path.of(System.getProperty("java.io.tmpdir"), "buckethead-bench");
		}
		try {
			Files.createDirectories(root);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return root;
	}

	static void deleteTree(Path dir) {
		if (dir == null || !Files.exists(dir)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(dir)) {
			paths.sorted(Comparator.reverseOrder()).forEach((p) -> {
				try {
					Files.deleteIfExists(p);
				}
				catch (IOException ignored) {
					// best effort
				}
			});
		}
		catch (IOException ignored) {
			// best effort
		}
	}

	static long treeSize(Path dir) {
		if (!Files.exists(dir)) {
			return 0;
		}
		try (Stream<Path> paths = Files.walk(dir)) {
			return paths.filter(Files::isRegularFile).mapToLong((p) -> {
				try {
					return Files.size(p);
				}
				catch (IOException ex) {
					return 0;
				}
			}).sum();
		}
		catch (IOException ex) {
			return 0;
		}
	}

	/** Resident set size of this process in bytes (Linux), or -1. */
	static long rss() {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
				if (line.startsWith("VmRSS:")) {
					return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
				}
			}
		}
		catch (IOException | RuntimeException ignored) {
			// not Linux
		}
		return -1;
	}

	static long heapUsedAfterGc() {
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	/** The 1, 5 and 15 minute load averages ({@code /proc/loadavg}), or "n/a". */
	static String loadAverage() {
		try {
			String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
			return fields[0] + " / " + fields[1] + " / " + fields[2];
		}
		catch (IOException | RuntimeException ex) {
			return "n/a";
		}
	}

	static String machine() {
		Runtime rt = Runtime.getRuntime();
		String cpu = firstLine("/proc/cpuinfo", "model name").map((l) -> l.replaceFirst("^[^:]*:\\s*", ""))
			.orElse(System.getProperty("os.arch"));
		String os = firstLine("/etc/os-release", "PRETTY_NAME=").map((l) -> l.substring(12).replace("\"", ""))
			.orElse(System.getProperty("os.name"));
		long ram = firstLine("/proc/meminfo", "MemTotal:").map((l) -> Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024)
			.orElse(-1L);
		return String.format("cores: %d (%s) | JDK: %s %s (%s) | OS: %s, %s %s %s | RAM: %.1f GiB | max heap: %.1f GiB",
				rt.availableProcessors(), cpu, System.getProperty("java.vm.name"), System.getProperty("java.version"),
				System.getProperty("java.vendor"), os, System.getProperty("os.name"), System.getProperty("os.version"),
				System.getProperty("os.arch"), ram / (1024.0 * 1024 * 1024), rt.maxMemory() / (1024.0 * 1024 * 1024));
	}

	private static Optional<String> firstLine(String file, String prefix) {
		try {
			return Files.readAllLines(Path.of(file)).stream().filter((l) -> l.startsWith(prefix)).findFirst();
		}
		catch (IOException | RuntimeException ex) {
			return Optional.empty();
		}
	}

	/** A redis-server process on loopback, or empty (with the reason) when none is installed. */
	static final class RedisServer implements AutoCloseable {

		final int port;

		private final Process process;

		private RedisServer(int port, Process process) {
			this.port = port;
			this.process = process;
		}

		static Optional<String> executable() {
			Optional<String> onPath = Processes.onPath("redis-server").map(Path::toString);
			return onPath.isPresent() || !Files.isExecutable(Path.of("/usr/bin/redis-server")) ? onPath
					: Optional.of("/usr/bin/redis-server");
		}

		static RedisServer start(String executable, Path dir) throws IOException, InterruptedException {
			int port;
			try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
				port = socket.getLocalPort();
			}
			Files.createDirectories(dir);
			Process process = new ProcessBuilder(List.of(executable, "--port", String.valueOf(port), "--bind",
					"127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no", "--dir", dir.toString()))
				.redirectErrorStream(true)
				.redirectOutput(dir.resolve("redis.log").toFile())
				.start();
			RedisServer server = new RedisServer(port, process);
			Runtime.getRuntime().addShutdownHook(new Thread(server::close));
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
			while (System.nanoTime() < deadline) {
				try (Jedis jedis = new Jedis("127.0.0.1", port)) {
					if ("PONG".equals(jedis.ping())) {
						return server;
					}
				}
				catch (RuntimeException notYet) {
					Thread.sleep(100);
				}
			}
			server.close();
			throw new IOException("redis-server did not answer on port " + port);
		}

		String version() {
			try (Jedis jedis = new Jedis("127.0.0.1", port)) {
				return jedis.info("server").lines().filter((l) -> l.startsWith("redis_version:")).findFirst()
					.map((l) -> l.substring(14).trim()).orElse("?");
			}
		}

		@Override
		public void close() {
			process.destroy();
			try {
				process.waitFor(5, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			process.destroyForcibly();
		}

	}

}
