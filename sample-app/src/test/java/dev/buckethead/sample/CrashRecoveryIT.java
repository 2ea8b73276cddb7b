package dev.buckethead.sample;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import dev.buckethead.BucketSQLite;
import dev.buckethead.bucket.BucketConfig;
import dev.buckethead.bucket.S3BucketClient;
import dev.buckethead.test.S3TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.S3Object;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged jar on a real S3 server (S3Proxy, a process of its own), as an operator meets it: killed with
 * SIGKILL under four writers it loses no acknowledged write, because the next start adopts the live file the
 * dead process left; and with the branch head deleted from the bucket it refuses to start and touches nothing.
 */
class CrashRecoveryIT {

	private static final Path JAR = Path.of(System.getProperty("sample.jar", "target/sample-app-0.1.0-SNAPSHOT.jar"));

	private static final String HEAD = "sample.db.bh/heads/main.json";

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final S3TestServer server = S3TestServer.shared();

	@TempDir
	Path work;

	private String bucket;

	private Process running;

	@BeforeEach
	void createBucket() {
		this.bucket = this.server.createBucket("sample-crash");
	}

	@AfterEach
	void killLeftover() {
		if (this.running != null && this.running.isAlive()) {
			this.running.destroyForcibly();
		}
	}

	@Test
	void killMinusNineUnderFourWritersLosesNoAcknowledgedWrite() throws Exception {
		underFourWriters(true);
	}

	@Test
	void sigtermUnderFourWritersLosesNoAcknowledgedWrite() throws Exception {
		underFourWriters(false);
	}

	/**
	 * Four writers on the app, some flushes, then the process stops: killed with SIGKILL (the next start adopts its
	 * live file) or stopped with SIGTERM (its final flush puts everything in the bucket, and it leaves no file).
	 */
	private void underFourWriters(boolean kill) throws Exception {
		Path firstLog = this.work.resolve("first.log");
		int writing = start(firstLog, "1s");
		Map<String, String> acknowledged = new ConcurrentHashMap<>();
		AtomicBoolean stop = new AtomicBoolean();
		List<Thread> writers = new ArrayList<>();
		for (int t = 0; t < 4; t++) {
			int writer = t;
			Thread thread = new Thread(() -> write(writing, writer, acknowledged, stop), "writer-" + t);
			thread.start();
			writers.add(thread);
		}
		// Some writes flushed (the file then descends from a generation the head points at), more after that.
		await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= 200);
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
			.until(() -> send(writing, "GET", "/actuator/buckethead", null).body().contains("\"lastSuccessfulFlush\":{"));
		int flushedAtLeast = acknowledged.size();
		await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= flushedAtLeast + 200);

		long killed = System.nanoTime();
		if (kill) {
			this.running.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
		}
		else {
			stopWithSigterm(firstLog);
			assertThat(Files.readString(firstLog)).contains("BucketHead final flush done");
			assertThat(liveFileIds()).as("no live file left after SIGTERM").isEmpty();
		}
		stop.set(true);
		for (Thread writer : writers) {
			writer.join(30_000);
		}
		Map<String, String> written = new TreeMap<>(acknowledged);

		Path secondLog = this.work.resolve("second.log");
		int port = start(secondLog, "0");
		double restartSeconds = (System.nanoTime() - killed) / 1e9;
		if (kill) {
			assertThat(Files.readString(secondLog)).contains("BucketHead adopted the live file")
				.contains("BucketHead flushed the adopted live file as generation");
		}
		else {
			assertThat(Files.readString(secondLog)).doesNotContain("adopted the live file")
				.contains("BucketHead started branch 'main' from generation");
		}
		List<String> lost = new ArrayList<>();
		for (Map.Entry<String, String> entry : written.entrySet()) {
			HttpResponse<String> read = send(port, "GET", "/kv/" + entry.getKey(), null);
			if (read.statusCode() != 200 || !read.body().equals(entry.getValue())) {
				lost.add(entry.getKey());
			}
		}
		System.out.printf("%s under 4 writers: %d acknowledged, %d lost, restarted in %.1f s%n",
				kill ? "kill -9" : "SIGTERM", written.size(), lost.size(), restartSeconds);
		assertThat(lost).as("acknowledged writes missing after the restart").isEmpty();
		assertThat(liveFileIds()).as("one live file, the adopted or restored one; nothing set aside").hasSize(1);
		assertThat(this.work.resolve("live").resolve("set-aside")).doesNotExist();
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(
				() -> send(port, "GET", "/actuator/health/buckethead", null).body().contains("\"dirty\":false"));
		stopWithSigterm(secondLog);
		assertThat(liveFileIds()).as("no live file left after a clean stop").isEmpty();
	}

	@Test
	void aDeletedHeadRefusesTheStartAndNothingIsFlushedOrDeleted() throws Exception {
		// Two generations written by the library itself (cheaper than starting the application for it).
		try (BucketSQLite seed = BucketSQLite.builder()
			.bucket(new S3BucketClient(BucketConfig.builder()
				.bucket(this.bucket)
				.endpoint(this.server.endpoint())
				.region(this.server.region())
				.credentials(this.server.accessKey(), this.server.secretKey())
				.pathStyle(true)
				.build()))
			.snapshotKey("sample.db")
			.directory(this.work.resolve("seed"))
			.flushInterval(Duration.ZERO)
			.build()
			.start()) {
			seed.kv().set("kept", "safe");
			seed.forceFlush();
			seed.kv().set("also kept", "safe");
		}
		this.server.client().deleteObject((request) -> request.bucket(this.bucket).key(HEAD));
		Map<String, String> before = objects();
		assertThat(before).isNotEmpty().doesNotContainKey(HEAD);

		Path secondLog = this.work.resolve("second.log");
		long started = System.nanoTime();
		this.running = launch(secondLog);
		assertThat(this.running.waitFor(120, TimeUnit.SECONDS)).as("the refused start exits").isTrue();
		double seconds = (System.nanoTime() - started) / 1e9;
		assertThat(this.running.exitValue()).isNotZero();
		String reason = Files.readAllLines(secondLog)
			.stream()
			.filter((line) -> line.contains("Branch 'main' has no head"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no reason in the log:\n" + readQuietly(secondLog)));
		reason = reason.substring(reason.indexOf("Branch 'main' has no head"));
		assertThat(reason).contains("the newest generation").contains("recover-newest").contains("repair-head");
		assertThat(objects()).as("the bucket after the refused start").isEqualTo(before);
		System.out.printf("head deleted: start refused (exit %d) in %.1f s, %d objects unchanged; reason: %s%n",
				this.running.exitValue(), seconds, before.size(), reason);
	}

	private void write(int port, int writer, Map<String, String> acknowledged, AtomicBoolean stop) {
		for (int i = 0; !stop.get(); i++) {
			String key = "w" + writer + "-" + i;
			String value = "value " + writer + "/" + i;
			try {
				if (send(port, "PUT", "/kv/" + key, value).statusCode() == 200) {
					acknowledged.put(key, value);
				}
			}
			catch (IOException ex) {
				// The process is gone: what it answered before is what counts.
				return;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	/** Every object in the bucket with its ETag. */
	private Map<String, String> objects() {
		Map<String, String> objects = new TreeMap<>();
		for (S3Object object : this.server.client()
			.listObjectsV2Paginator((request) -> request.bucket(this.bucket))
			.contents()) {
			objects.put(object.key(), object.eTag());
		}
		return objects;
	}

	/** The ids of the live files in the live directory ({@code live-<id>.db}, its WAL, identity and lock). */
	private Set<String> liveFileIds() throws IOException {
		Path live = this.work.resolve("live");
		Set<String> ids = new TreeSet<>();
		if (Files.isDirectory(live)) {
			try (Stream<Path> files = Files.list(live)) {
				files.map((file) -> file.getFileName().toString())
					.filter((name) -> name.startsWith("live-"))
					.forEach((name) -> ids.add(name.substring(0, name.indexOf('.'))));
			}
		}
		return ids;
	}

	/**
	 * Starts the jar on a free port and waits until it answers; returns the port.
	 * @param interval the flush interval ("0": only at shutdown)
	 */
	private int start(Path log, String interval) throws IOException {
		int port = freePort();
		this.running = launch(log, port, interval);
		Process process = this.running;
		await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
			assertThat(process.isAlive()).as("the app exited early; its log:%n%s", Files.readString(log)).isTrue();
			return send(port, "GET", "/notes", null).statusCode() == 200;
		});
		return port;
	}

	private Process launch(Path log) throws IOException {
		return launch(log, freePort(), "0");
	}

	/** The bucket comes in the original library's variables, as a twelve-factor deployment sets it. */
	private Process launch(Path log, int port, String interval) throws IOException {
		String java = ProcessHandle.current().info().command().orElse("java");
		// Behaviour, not speed, is tested: without the optimising compiler the app starts several times faster here.
		List<String> command = List.of(java, "-XX:TieredStopAtLevel=1", "-jar", JAR.toAbsolutePath().toString(),
				"--server.port=" + port,
				"--buckethead.database.directory=" + this.work.resolve("live"),
				"--buckethead.snapshot.interval=" + interval, "--buckethead.gc.interval=0");
		ProcessBuilder builder = new ProcessBuilder(command).directory(this.work.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		Map<String, String> env = builder.environment();
		env.put("BUCKETHEAD_BUCKET__NAME", this.bucket);
		env.put("BUCKETHEAD_BUCKET__ENDPOINT_URL", this.server.endpoint().toString());
		env.put("BUCKETHEAD_BUCKET__REGION", this.server.region());
		env.put("BUCKETHEAD_BUCKET__PATH_STYLE", "true");
		env.put("BUCKETHEAD_BUCKET__ACCESS_KEY_ID", this.server.accessKey());
		env.put("BUCKETHEAD_BUCKET__SECRET_ACCESS_KEY", this.server.secretKey());
		return builder.start();
	}

	/** {@link Process#destroy()} sends SIGTERM on Linux: Spring Boot's shutdown hook closes the context. */
	private void stopWithSigterm(Path log) throws Exception {
		this.running.destroy();
		boolean exited = this.running.waitFor(60, TimeUnit.SECONDS);
		assertThat(exited).as("the app did not stop within 60 s; its log:%n%s", Files.readString(log)).isTrue();
	}

	private HttpResponse<String> send(int port, String method, String path, String body)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(30));
		if (body == null) {
			request.method(method, HttpRequest.BodyPublishers.noBody());
		}
		else {
			request.header("Content-Type", "text/plain").method(method, HttpRequest.BodyPublishers.ofString(body));
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String readQuietly(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			return "(cannot read " + file + ": " + ex + ")";
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
