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
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The packaged sample jar run as a process of its own, on a free port, with its output in a log file. */
final class SampleProcess implements AutoCloseable {

	private static final Path JAR = Path.of(System.getProperty("sample.jar", "target/sample-app-0.1.0-SNAPSHOT.jar"));

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final Process process;

	private final int port;

	private final Path log;

	private SampleProcess(Process process, int port, Path log) {
		this.process = process;
		this.port = port;
		this.log = log;
	}

	/** Starts the jar in {@code directory} with {@code arguments} (plus the port), logging to {@code log}. */
	static SampleProcess start(Path directory, Path log, List<String> arguments) throws IOException {
		int port = freePort();
		String java = ProcessHandle.current().info().command().orElse("java");
		// The tests check behaviour, not speed: without the optimising compiler the app starts about three times
		// faster on a busy machine (5.6 s instead of 19.6 s for a failing start at load 20).
		List<String> command = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-jar",
				JAR.toAbsolutePath().toString(), "--server.port=" + port));
		command.addAll(arguments);
		Process process = new ProcessBuilder(command).directory(directory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		return new SampleProcess(process, port, log);
	}

	/** Waits until the application answers HTTP; fails with its log if it exits first. */
	SampleProcess awaitReady() {
		await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
			assertThat(this.process.isAlive()).as("the app exited early; its log:%n%s", log()).isTrue();
			return send(this.port, "GET", "/notes", null).statusCode() == 200;
		});
		return this;
	}

	/** Waits for the process to exit by itself, as it does when start-up fails; returns its exit status. */
	int awaitExit() throws Exception {
		boolean exited = this.process.waitFor(90, TimeUnit.SECONDS);
		assertThat(exited).as("the app did not exit within 90 s; its log:%n%s", log()).isTrue();
		return this.process.exitValue();
	}

	/** {@link Process#destroy()} sends SIGTERM on Linux: Spring Boot's shutdown hook closes the context. */
	void stopWithSigterm() throws Exception {
		this.process.destroy();
		boolean exited = this.process.waitFor(60, TimeUnit.SECONDS);
		assertThat(exited).as("the app did not stop within 60 s; its log:%n%s", log()).isTrue();
	}

	String log() throws IOException {
		return Files.readString(this.log);
	}

	int port() {
		return this.port;
	}

	/** Sends {@code body} as JSON when it looks like JSON, else as UTF-8 text. */
	HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
		return send(this.port, method, path, body);
	}

	/** {@link #send(String, String, String)} to the application on {@code port}. */
	static HttpResponse<String> send(int port, String method, String path, String body)
			throws IOException, InterruptedException {
		if (body == null) {
			return send(request(port, path).method(method, HttpRequest.BodyPublishers.noBody()));
		}
		return send(request(port, path)
			.header("Content-Type", body.startsWith("{") ? "application/json" : "text/plain")
			.method(method, HttpRequest.BodyPublishers.ofString(body)));
	}

	/** A request to {@code path} (already encoded) on this application, with a time limit. */
	HttpRequest.Builder request(String path) {
		return request(this.port, path);
	}

	private static HttpRequest.Builder request(int port, String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30));
	}

	static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	@Override
	public void close() {
		if (this.process.isAlive()) {
			this.process.destroyForcibly();
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
