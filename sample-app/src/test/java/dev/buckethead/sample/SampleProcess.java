package dev.buckethead.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged sample app running as a process of its own, as an operator runs it: started with arguments and
 * environment variables on a free port, spoken to over HTTP, stopped with SIGTERM, its output in a log file.
 * Closing it kills what is left.
 */
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

	/** Starts the jar in {@code work} with {@code arguments} (plus the port), logging to {@code log}. */
	static SampleProcess start(Path work, Path log, List<String> arguments) {
		return start(work, log, arguments, Map.of());
	}

	/**
	 * Starts the jar on a free port, in {@code work}, with {@code arguments} (such as {@code --a.b=c}) and
	 * {@code environment} added to this JVM's; its output goes to {@code log}. Does not wait for it to be ready.
	 */
	static SampleProcess start(Path work, Path log, List<String> arguments, Map<String, String> environment) {
		return start(work, log, List.of(), arguments, environment);
	}

	/** {@link #start(Path, Path, List, Map)} with {@code jvmOptions} (such as {@code -Dspring.aot.enabled=true}). */
	static SampleProcess start(Path work, Path log, List<String> jvmOptions, List<String> arguments,
			Map<String, String> environment) {
		int port = freePort();
		String java = ProcessHandle.current().info().command().orElse("java");
		// The tests check behaviour, not speed: without the optimising compiler the app starts about three times
		// faster on a busy machine (5.6 s instead of 19.6 s for a failing start at load 20).
		List<String> command = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1"));
		command.addAll(jvmOptions);
		command.addAll(List.of("-jar", JAR.toAbsolutePath().toString(), "--server.port=" + port));
		command.addAll(arguments);
		ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		builder.environment().putAll(environment);
		try {
			return new SampleProcess(builder.start(), port, log);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start " + command, ex);
		}
	}

	/** Waits until the app answers HTTP; fails, with its log, if it exits first. */
	SampleProcess awaitReady() {
		await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
			assertThat(this.process.isAlive()).as("the app exited early; its log:%n%s", logText()).isTrue();
			return send("GET", "/notes", null).statusCode() == 200;
		});
		return this;
	}

	/** Waits for the process to exit by itself, as it does when start-up fails; returns its exit status. */
	int awaitExit() throws InterruptedException {
		awaitExit(Duration.ofSeconds(90));
		return exitValue();
	}

	/** Waits for the app to exit on its own; returns how long that took from now. */
	Duration awaitExit(Duration atMost) throws InterruptedException {
		long from = System.nanoTime();
		boolean exited = this.process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS);
		assertThat(exited).as("the app did not exit within %s; its log:%n%s", atMost, logText()).isTrue();
		return Duration.ofNanos(System.nanoTime() - from);
	}

	int exitValue() {
		return this.process.exitValue();
	}

	/** {@link Process#destroy()} sends SIGTERM on Linux: Spring Boot's shutdown hook closes the context. */
	void stopWithSigterm() throws InterruptedException {
		sigterm(Duration.ofSeconds(60));
	}

	/** Sends SIGTERM and waits for the exit; returns how long it took. */
	Duration sigterm(Duration atMost) throws InterruptedException {
		long sent = System.nanoTime();
		this.process.destroy();
		boolean exited = this.process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS);
		Duration took = Duration.ofNanos(System.nanoTime() - sent);
		assertThat(exited).as("the app did not stop within %s; its log:%n%s", atMost, logText()).isTrue();
		return took;
	}

	String log() {
		return logText();
	}

	String logText() {
		try {
			return Files.readString(this.log);
		}
		catch (IOException ex) {
			return "(cannot read " + this.log + ": " + ex + ")";
		}
	}

	int port() {
		return this.port;
	}

	/** Sends {@code body} as JSON when it looks like JSON, else as UTF-8 text. */
	HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
		return send(this.port, method, path, body, Duration.ofSeconds(30));
	}

	/** An HTTP request that fails with {@link java.net.http.HttpTimeoutException} when not answered in time. */
	HttpResponse<String> send(String method, String path, String body, Duration timeout)
			throws IOException, InterruptedException {
		return send(this.port, method, path, body, timeout);
	}

	/** {@link #send(String, String, String)} to the application on {@code port}. */
	static HttpResponse<String> send(int port, String method, String path, String body)
			throws IOException, InterruptedException {
		return send(port, method, path, body, Duration.ofSeconds(30));
	}

	private static HttpResponse<String> send(int port, String method, String path, String body, Duration timeout)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = request(port, path).timeout(timeout);
		if (body == null) {
			request.method(method, HttpRequest.BodyPublishers.noBody());
		}
		else {
			request.header("Content-Type", body.startsWith("{") ? "application/json" : "text/plain")
				.method(method, HttpRequest.BodyPublishers.ofString(body));
		}
		return send(request);
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

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot find a free port", ex);
		}
	}

}
