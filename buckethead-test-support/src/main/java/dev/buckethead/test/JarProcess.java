package dev.buckethead.test;

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

import org.jspecify.annotations.Nullable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A packaged Spring Boot application running as a process of its own, as an operator runs it: started from its
 * {@link JarApplication} with arguments and environment variables on a free port, spoken to over HTTP, stopped
 * with SIGTERM, its output in a log file. Closing it kills what is left.
 */
public final class JarProcess implements AutoCloseable {

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final Process process;

	private final int port;

	private final Path log;

	private final String readyPath;

	private JarProcess(Process process, int port, Path log, String readyPath) {
		this.process = process;
		this.port = port;
		this.log = log;
		this.readyPath = readyPath;
	}

	/** See {@link JarApplication#start(Path, Path, List, List, Map)}. */
	static JarProcess start(JarApplication application, Path work, Path log, List<String> jvmOptions,
			List<String> arguments, Map<String, String> environment) {
		int port = freePort();
		String java = ProcessHandle.current().info().command().orElse("java");
		// The tests check behaviour, not speed: without the optimising compiler the app starts about three times
		// faster on a busy machine (5.6 s instead of 19.6 s for a failing start at load 20).
		List<String> command = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1"));
		command.addAll(jvmOptions);
		command.addAll(List.of("-jar", application.jar().toAbsolutePath().toString(), "--server.port=" + port));
		command.addAll(arguments);
		ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		builder.environment().putAll(environment);
		try {
			return new JarProcess(builder.start(), port, log, application.readyPath());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start " + command, ex);
		}
	}

	/** Waits until the app answers its ready path with 200; fails, with its log, if it exits first. */
	public JarProcess awaitReady() {
		await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
			assertThat(this.process.isAlive()).as("the app exited early; its log:%n%s", logText()).isTrue();
			return send("GET", this.readyPath, null).statusCode() == 200;
		});
		return this;
	}

	/** Waits for the process to exit by itself, as it does when start-up fails; returns its exit status. */
	public int awaitExit() throws InterruptedException {
		awaitExit(Duration.ofSeconds(90));
		return exitValue();
	}

	/** Waits for the app to exit on its own; returns how long that took from now. */
	public Duration awaitExit(Duration atMost) throws InterruptedException {
		long from = System.nanoTime();
		boolean exited = this.process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS);
		assertThat(exited).as("the app did not exit within %s; its log:%n%s", atMost, logText()).isTrue();
		return Duration.ofNanos(System.nanoTime() - from);
	}

	public int exitValue() {
		return this.process.exitValue();
	}

	/** {@link Process#destroy()} sends SIGTERM on Linux: Spring Boot's shutdown hook closes the context. */
	public void stopWithSigterm() throws InterruptedException {
		sigterm(Duration.ofSeconds(60));
	}

	/** Sends SIGTERM and waits for the exit; returns how long it took. */
	public Duration sigterm(Duration atMost) throws InterruptedException {
		long sent = System.nanoTime();
		this.process.destroy();
		boolean exited = this.process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS);
		Duration took = Duration.ofNanos(System.nanoTime() - sent);
		assertThat(exited).as("the app did not stop within %s; its log:%n%s", atMost, logText()).isTrue();
		return took;
	}

	public String log() {
		return logText();
	}

	public String logText() {
		try {
			return Files.readString(this.log);
		}
		catch (IOException ex) {
			return "(cannot read " + this.log + ": " + ex + ")";
		}
	}

	public int port() {
		return this.port;
	}

	/** Sends {@code body} as JSON when it looks like JSON, else as UTF-8 text. */
	public HttpResponse<String> send(String method, String path, @Nullable String body) throws IOException, InterruptedException {
		return send(this.port, method, path, body, Duration.ofSeconds(30));
	}

	/** An HTTP request that fails with {@link java.net.http.HttpTimeoutException} when not answered in time. */
	public HttpResponse<String> send(String method, String path, @Nullable String body, Duration timeout)
			throws IOException, InterruptedException {
		return send(this.port, method, path, body, timeout);
	}

	/** {@link #send(String, String, String)} to the application on {@code port}. */
	public static HttpResponse<String> send(int port, String method, String path, @Nullable String body)
			throws IOException, InterruptedException {
		return send(port, method, path, body, Duration.ofSeconds(30));
	}

	private static HttpResponse<String> send(int port, String method, String path, @Nullable String body, Duration timeout)
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
	public HttpRequest.Builder request(String path) {
		return request(this.port, path);
	}

	private static HttpRequest.Builder request(int port, String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30));
	}

	public static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
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
