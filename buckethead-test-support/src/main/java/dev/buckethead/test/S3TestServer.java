package dev.buckethead.test;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 server for tests: <a href="https://github.com/gaul/s3proxy">S3Proxy</a> on its filesystem backend,
 * run as a <em>separate process</em> so that tests can stop it (to make the bucket unreachable) and
 * {@link #restart() restart} it on the same port with the same data, exactly as a real outage looks to a client.
 * <p>
 * Use {@link #shared()}: the server starts once per test JVM, on first use, and a JVM shutdown hook destroys
 * the process. It listens on {@code 127.0.0.1} on a free port, checks signatures (V2 or V4) against a generated
 * access key and secret, and keeps its data in a fresh directory under the {@code buckethead.test.work-dir}
 * system property (the build's {@code target/test-work}), where its log, {@code s3proxy.log}, also goes. Each
 * test should take its own bucket with {@link #createBucket(String)}.
 * <p>
 * The server jar is the one the parent pom copies to {@code target/s3proxy/s3proxy.jar} of every module with
 * tests; its path arrives as the {@code buckethead.test.s3proxy.jar} system property. It is never put on the
 * test classpath, whose Jetty and Jackson versions would clash with the application's.
 * <p>
 * <strong>Testing against a real service.</strong> When the environment variable or system property
 * {@code BUCKETHEAD_TEST_S3_ENDPOINT} is set, nothing is started and tests run against that endpoint instead
 * (Cloudflare R2, MinIO, AWS S3), with credentials from {@code BUCKETHEAD_TEST_S3_ACCESS_KEY} and
 * {@code BUCKETHEAD_TEST_S3_SECRET_KEY} and region {@code BUCKETHEAD_TEST_S3_REGION} (default
 * {@code us-east-1}; use {@code auto} for R2). If {@code BUCKETHEAD_TEST_S3_BUCKET} is also set,
 * {@link #createBucket(String)} returns that bucket rather than creating one, for accounts whose keys cannot
 * create buckets; tests must then keep to their own key prefixes. Against an external endpoint
 * {@link #isExternal()} is true and {@link #stop()}/{@link #restart()} throw, so tests of outages should skip
 * themselves.
 */
public final class S3TestServer implements AutoCloseable {

	/** Environment variable or system property naming an external S3 endpoint to test against. */
	public static final String ENDPOINT_SETTING = "BUCKETHEAD_TEST_S3_ENDPOINT";

	/** Access key id for {@link #ENDPOINT_SETTING}. */
	public static final String ACCESS_KEY_SETTING = "BUCKETHEAD_TEST_S3_ACCESS_KEY";

	/** Secret access key for {@link #ENDPOINT_SETTING}. */
	public static final String SECRET_KEY_SETTING = "BUCKETHEAD_TEST_S3_SECRET_KEY";

	/** Region for {@link #ENDPOINT_SETTING}; {@code us-east-1} when unset. */
	public static final String REGION_SETTING = "BUCKETHEAD_TEST_S3_REGION";

	/** An existing bucket for {@link #ENDPOINT_SETTING}; when unset, buckets are created. */
	public static final String BUCKET_SETTING = "BUCKETHEAD_TEST_S3_BUCKET";

	/** System property with the path of the S3Proxy server jar (set by the parent pom). */
	public static final String JAR_PROPERTY = "buckethead.test.s3proxy.jar";

	/** System property with a directory for test files (set by the parent pom). */
	public static final String WORK_DIR_PROPERTY = "buckethead.test.work-dir";

	private static final Logger logger = LoggerFactory.getLogger(S3TestServer.class);

	private static final String LOCAL_REGION = "us-east-1";

	private static final int START_ATTEMPTS = 3;

	private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

	private static final SecureRandom random = new SecureRandom();

	private static final AtomicInteger bucketCounter = new AtomicInteger();

	private static @Nullable S3TestServer shared;

	private final boolean external;

	private final String region;

	private final String accessKey;

	private final String secretKey;

	private final @Nullable String fixedBucket;

	// Local server only: the directory holding data, properties and log.
	private final @Nullable Path directory;

	private URI endpoint;

	private int port;

	private @Nullable Process process;

	private boolean suspended;

	private @Nullable S3Client client;

	private S3TestServer(URI endpoint, String region, String accessKey, String secretKey,
			@Nullable String fixedBucket) {
		this.external = true;
		this.endpoint = endpoint;
		this.region = region;
		this.accessKey = accessKey;
		this.secretKey = secretKey;
		this.fixedBucket = fixedBucket;
		this.directory = null;
	}

	private S3TestServer(Path directory) {
		this.external = false;
		this.region = LOCAL_REGION;
		this.accessKey = "bh-test-" + randomHex(8);
		this.secretKey = randomHex(20);
		this.fixedBucket = null;
		this.directory = directory;
		this.endpoint = URI.create("http://127.0.0.1:0");
	}

	/**
	 * The server for this JVM: the external endpoint when {@link #ENDPOINT_SETTING} is set, otherwise an S3Proxy
	 * process started now (on first call) and destroyed when the JVM exits.
	 * @throws IllegalStateException when the server cannot be started; the message has the end of its log
	 */
	public static synchronized S3TestServer shared() {
		S3TestServer server = shared;
		if (server == null) {
			server = create();
			shared = server;
		}
		return server;
	}

	/**
	 * A server of its own, not shared with other tests: for a test that {@link #stop() stops} it, so that tests
	 * running meanwhile keep theirs. Started now; {@link #close() close} it when done (a JVM shutdown hook also
	 * destroys it). With {@link #ENDPOINT_SETTING} set, a handle on that external endpoint instead.
	 */
	public static S3TestServer dedicated() {
		return create();
	}

	/** Destroys a {@link #dedicated()} server's process. Never close {@link #shared()}. */
	@Override
	public void close() {
		if (!external) {
			shutDown();
		}
	}

	private static S3TestServer create() {
		String externalEndpoint = setting(ENDPOINT_SETTING);
		if (externalEndpoint != null) {
			String accessKey = setting(ACCESS_KEY_SETTING);
			String secretKey = setting(SECRET_KEY_SETTING);
			if (accessKey == null || secretKey == null) {
				throw new IllegalStateException(ENDPOINT_SETTING + " is set, so " + ACCESS_KEY_SETTING + " and "
						+ SECRET_KEY_SETTING + " must be set too");
			}
			String region = Optional.ofNullable(setting(REGION_SETTING)).orElse(LOCAL_REGION);
			S3TestServer server = new S3TestServer(URI.create(externalEndpoint), region, accessKey, secretKey,
					setting(BUCKET_SETTING));
			logger.info("Tests use the external S3 endpoint {}", externalEndpoint);
			return server;
		}
		try {
			Path workDir = Path.of(Optional.ofNullable(System.getProperty(WORK_DIR_PROPERTY))
				.orElse(System.getProperty("java.io.tmpdir")));
			Files.createDirectories(workDir);
			S3TestServer server = new S3TestServer(Files.createTempDirectory(workDir, "s3proxy-"));
			Runtime.getRuntime().addShutdownHook(new Thread(server::shutDown, "s3proxy-shutdown"));
			server.startOnFreePort();
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot prepare a directory for S3Proxy", ex);
		}
	}

	/** The S3 endpoint, such as {@code http://127.0.0.1:38211}. */
	public synchronized URI endpoint() {
		return endpoint;
	}

	public String region() {
		return region;
	}

	public String accessKey() {
		return accessKey;
	}

	public String secretKey() {
		return secretKey;
	}

	/** Whether this is an endpoint given by {@link #ENDPOINT_SETTING} rather than a process started here. */
	public boolean isExternal() {
		return external;
	}

	/** Whether the server process is running; always true for an external endpoint. */
	public synchronized boolean isRunning() {
		Process current = process;
		return external || (current != null && current.isAlive());
	}

	/** The local server's log file, or empty for an external endpoint. */
	public Optional<Path> logFile() {
		return Optional.ofNullable(directory).map((dir) -> dir.resolve("s3proxy.log"));
	}

	/**
	 * A client for this server: path-style, static credentials, checksums only where required. Owned by the
	 * server; do not close it.
	 */
	public synchronized S3Client client() {
		S3Client current = client;
		if (current == null) {
			current = S3Client.builder()
				.endpointOverride(endpoint)
				.region(Region.of(region))
				.forcePathStyle(true)
				.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
				.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
				.responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
				.overrideConfiguration((o) -> o.retryStrategy(RetryMode.STANDARD)
					.apiCallAttemptTimeout(Duration.ofSeconds(30)))
				.build();
			client = current;
		}
		return current;
	}

	/**
	 * Creates a new, empty bucket whose name starts with {@code prefix} (lower-cased, with anything a bucket name
	 * cannot hold replaced) and returns its name. With {@link #BUCKET_SETTING} set, returns that bucket instead.
	 */
	public String createBucket(String prefix) {
		if (fixedBucket != null) {
			return fixedBucket;
		}
		String stem = prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("^-+|-+$", "");
		if (stem.length() > 36) {
			stem = stem.substring(0, 36).replaceAll("-+$", "");
		}
		if (stem.isEmpty()) {
			stem = "test";
		}
		String name = stem + "-" + bucketCounter.incrementAndGet() + "-" + randomHex(6);
		try {
			client().createBucket((b) -> b.bucket(name));
		}
		catch (SdkException ex) {
			throw new IllegalStateException("Cannot create bucket '" + name + "' at " + endpoint() + ": "
					+ ex.getMessage() + logTail(), ex);
		}
		return name;
	}

	/**
	 * Stops the server process and waits until it has exited, so that requests to {@link #endpoint()} fail.
	 * Data is kept for {@link #restart()}. Does nothing when already stopped.
	 * @throws UnsupportedOperationException for an external endpoint
	 */
	public synchronized void stop() {
		requireLocal("stop");
		resumeBeforeStopping();
		Process current = process;
		process = null;
		if (current != null) {
			stopProcess(current);
			logger.info("Stopped S3Proxy at {}", endpoint);
		}
	}

	/**
	 * Freezes the server process with SIGSTOP: the kernel still accepts connections on its port, but nothing reads
	 * or answers them, as with a bucket that hangs. {@link #resume()} lets it go on; stopping it resumes it first.
	 * @throws UnsupportedOperationException for an external endpoint, or where there is no {@code kill} command
	 */
	public synchronized void suspend() {
		signal("STOP");
		suspended = true;
		awaitStopped();
		logger.info("Suspended S3Proxy at {}", endpoint);
	}

	/** Lets a {@link #suspend() suspended} server go on (SIGCONT); does nothing when it is not suspended. */
	public synchronized void resume() {
		if (suspended) {
			signal("CONT");
			suspended = false;
			logger.info("Resumed S3Proxy at {}", endpoint);
		}
	}

	/** The server process's id, for tests that signal it themselves. */
	public synchronized long pid() {
		requireLocal("signal");
		Process current = process;
		if (current == null || !current.isAlive()) {
			throw new IllegalStateException("S3Proxy at " + endpoint + " is not running");
		}
		return current.pid();
	}

	/**
	 * Waits until every thread of the server is stopped: {@code kill} returns once SIGSTOP is sent, and on a busy
	 * machine a thread already running may still answer a request before the group stop reaches it.
	 */
	private void awaitStopped() {
		Path tasks = Path.of("/proc", Long.toString(pid()), "task");
		if (!Files.isDirectory(tasks)) {
			return;
		}
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (!allStopped(tasks)) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("S3Proxy (pid " + pid() + ") did not stop within 10 s of SIGSTOP");
			}
			java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
		}
	}

	private static boolean allStopped(Path tasks) {
		try (java.util.stream.Stream<Path> threads = Files.list(tasks)) {
			return threads.allMatch((thread) -> {
				try {
					String stat = Files.readString(thread.resolve("stat"));
					// The state follows the parenthesised command name, which may itself hold spaces.
					char state = stat.charAt(stat.lastIndexOf(')') + 2);
					return state == 'T' || state == 't';
				}
				catch (IOException ex) {
					// A thread that ended meanwhile runs no more.
					return true;
				}
			});
		}
		catch (IOException ex) {
			return true;
		}
	}

	private void signal(String name) {
		long pid = pid();
		try {
			Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).redirectErrorStream(true).start();
			if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
				throw new IllegalStateException("kill -" + name + " " + pid + " failed: "
						+ new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
			}
		}
		catch (IOException ex) {
			throw new UnsupportedOperationException("Cannot send SIG" + name + " to S3Proxy (pid " + pid + "): " + ex,
					ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while signalling S3Proxy", ex);
		}
	}

	/**
	 * Starts the server again on the same port with the same data (stopping it first if it runs), and returns
	 * once it answers authenticated requests.
	 * @throws UnsupportedOperationException for an external endpoint
	 * @throws IllegalStateException when it cannot be started; the message has the end of its log
	 */
	public synchronized void restart() {
		requireLocal("restart");
		stop();
		List<String> failures = new ArrayList<>();
		for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
			String failure = tryStart(port);
			if (failure == null) {
				return;
			}
			failures.add(failure);
		}
		throw new IllegalStateException("S3Proxy did not restart on port " + port + ": " + failures + logTail());
	}

	@Override
	public String toString() {
		return "S3TestServer[" + (external ? "external " : "S3Proxy ") + endpoint + "]";
	}

	private void startOnFreePort() {
		List<String> failures = new ArrayList<>();
		for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
			String failure = tryStart(freePort());
			if (failure == null) {
				return;
			}
			failures.add(failure);
		}
		throw new IllegalStateException("S3Proxy did not start after " + START_ATTEMPTS + " attempts: " + failures
				+ logTail());
	}

	/** Starts the process on {@code port}; returns null once it serves requests, else why it did not. */
	private synchronized @Nullable String tryStart(int port) {
		Path dir = directoryOrFail();
		Path data = dir.resolve("data");
		Path properties = dir.resolve("s3proxy.properties");
		Path log = dir.resolve("s3proxy.log");
		URI candidate = URI.create("http://127.0.0.1:" + port);
		try {
			Files.createDirectories(data);
			Files.writeString(properties, String.join("\n", "s3proxy.endpoint=" + candidate,
					"s3proxy.authorization=aws-v2-or-v4", "s3proxy.identity=" + accessKey,
					"s3proxy.credential=" + secretKey, "jclouds.provider=filesystem",
					"jclouds.filesystem.basedir=" + data.toAbsolutePath(), "jclouds.identity=" + accessKey,
					"jclouds.credential=" + secretKey, ""), StandardCharsets.UTF_8);
			Files.writeString(log, "=== BucketHead tests: starting S3Proxy on " + candidate + "\n",
					StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
					java.nio.file.StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write S3Proxy's files in " + dir, ex);
		}
		// The status listener keeps logback's start-up chatter out of the log, whose tail goes into failures.
		List<String> command = List.of(javaExecutable(), "-Xmx512m",
				"-Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener", "-jar",
				s3ProxyJar().toString(), "--properties", properties.toString());
		Process started;
		try {
			started = new ProcessBuilder(command).directory(dir.toFile())
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot run " + command, ex);
		}
		this.process = started;
		if (this.port != port) {
			this.port = port;
			this.endpoint = candidate;
			closeClient();
		}
		String failure = awaitReady(started, port);
		if (failure != null) {
			logger.warn("S3Proxy did not start on port {}: {}", port, failure);
			stopProcess(started);
			this.process = null;
			return failure;
		}
		logger.info("S3Proxy serves {} (pid {}, data and log in {})", candidate, started.pid(), dir);
		return null;
	}

	/**
	 * Waits until the port answers HTTP and then until an authenticated request succeeds, which only our process
	 * can answer (another program holding the port would not know the generated credentials).
	 */
	private @Nullable String awaitReady(Process started, int port) {
		long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
		while (!answersHttp(port)) {
			if (waitForExit(started, deadline)) {
				return started.isAlive() ? "no answer within " + START_TIMEOUT
						: "the process exited with status " + started.exitValue();
			}
		}
		while (true) {
			if (!started.isAlive()) {
				return "the process exited with status " + started.exitValue();
			}
			try {
				client().listBuckets();
				return null;
			}
			catch (SdkException ex) {
				if (waitForExit(started, deadline)) {
					return "authenticated requests failed: " + ex.getMessage();
				}
			}
		}
	}

	/** Waits a little for the process to exit; true when it has exited or the deadline passed. */
	private static boolean waitForExit(Process started, long deadline) {
		try {
			return started.waitFor(100, TimeUnit.MILLISECONDS) || System.nanoTime() > deadline;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return true;
		}
	}

	private static boolean answersHttp(int port) {
		try {
			HttpURLConnection connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/")
				.toURL()
				.openConnection();
			connection.setConnectTimeout(500);
			connection.setReadTimeout(2000);
			try {
				return connection.getResponseCode() > 0;
			}
			finally {
				connection.disconnect();
			}
		}
		catch (IOException ex) {
			return false;
		}
	}

	/** Asks a process to stop (SIGTERM) and kills it when it has not within 10 s; also for other helper processes. */
	public static void stopProcess(Process process) {
		process.destroy();
		try {
			if (!process.waitFor(10, TimeUnit.SECONDS)) {
				process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

	private synchronized void shutDown() {
		resumeBeforeStopping();
		closeClient();
		Process current = process;
		process = null;
		if (current != null) {
			stopProcess(current);
		}
	}

	/** A stopped process cannot act on SIGTERM until it is resumed. */
	private void resumeBeforeStopping() {
		if (suspended && process != null && process.isAlive()) {
			resume();
		}
		suspended = false;
	}

	private void closeClient() {
		S3Client current = client;
		client = null;
		if (current != null) {
			current.close();
		}
	}

	private void requireLocal(String operation) {
		if (external) {
			throw new UnsupportedOperationException("Cannot " + operation + " the external S3 endpoint " + endpoint
					+ " (" + ENDPOINT_SETTING + " is set); skip tests that need to when isExternal()");
		}
	}

	private Path directoryOrFail() {
		Path dir = directory;
		if (dir == null) {
			throw new IllegalStateException("An external endpoint has no local directory");
		}
		return dir;
	}

	private String logTail() {
		Optional<Path> log = logFile();
		if (log.isEmpty() || !Files.isRegularFile(log.get())) {
			return "";
		}
		try (RandomAccessFile file = new RandomAccessFile(log.get().toFile(), "r")) {
			long length = file.length();
			long start = Math.max(0, length - 4096);
			byte[] tail = new byte[(int) (length - start)];
			file.seek(start);
			file.readFully(tail);
			return "\n--- end of " + log.get() + " ---\n" + new String(tail, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return "\n(cannot read " + log.get() + ": " + ex + ")";
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot find a free port", ex);
		}
	}

	private static String javaExecutable() {
		Path fromHome = Path.of(System.getProperty("java.home"), "bin",
				System.getProperty("os.name").startsWith("Windows") ? "java.exe" : "java");
		if (Files.isExecutable(fromHome)) {
			return fromHome.toString();
		}
		return ProcessHandle.current().info().command().orElse("java");
	}

	private static Path s3ProxyJar() {
		String configured = System.getProperty(JAR_PROPERTY);
		Path jar = configured != null ? Path.of(configured) : Path.of("target", "s3proxy", "s3proxy.jar");
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException("The S3Proxy server jar is not at " + jar.toAbsolutePath()
					+ ". Run the tests with Maven (the parent pom copies it in process-test-resources), set -D"
					+ JAR_PROPERTY + "=<path to s3proxy jar-with-dependencies>, or set " + ENDPOINT_SETTING
					+ " to test against an external S3 endpoint.");
		}
		return jar;
	}

	private static @Nullable String setting(String name) {
		String value = System.getProperty(name);
		if (value == null || value.isBlank()) {
			value = System.getenv(name);
		}
		return value == null || value.isBlank() ? null : value.trim();
	}

	private static String randomHex(int bytes) {
		byte[] value = new byte[bytes];
		random.nextBytes(value);
		return HexFormat.of().formatHex(value);
	}

}
