package dev.buckethead.sample;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.buckethead.test.JarProcess;
import dev.buckethead.test.LogLines;
import dev.buckethead.test.S3TestServer;
import org.assertj.core.api.AbstractStringAssert;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged sample jar on a real S3 server (S3Proxy, a process of its own) when things go wrong. A start-up that
 * fails on the bucket (wrong secret, missing bucket, closed port) prints one failure analysis and no stack trace
 * at ERROR; a failed flush is a 503 problem detail; a request that would be rewritten (a {@code ;} path parameter,
 * a body that is not UTF-8, a key over the limit) is refused with 400.
 */
class BucketFailuresIT {

	private static final JsonMapper json = JsonMapper.builder().build();

	// Dedicated: one test stops it.
	private static S3TestServer server;

	@TempDir
	Path work;

	private JarProcess running;

	@BeforeAll
	static void startServer() {
		server = S3TestServer.dedicated();
	}

	@AfterAll
	static void stopServer() {
		server.close();
	}

	@AfterEach
	void killLeftover() {
		if (this.running != null) {
			this.running.close();
		}
	}

	@Test
	void aWrongSecretFailsTheStartWithOneAnalysis() throws Exception {
		String bucket = server.createBucket("wrong-secret");
		String wrongSecret = "wrong-" + UUID.randomUUID();
		String log = failedStart(s3(server.endpoint().toString(), bucket, wrongSecret));
		assertThat(log).contains("BucketHead could not start: the bucket refused its credentials.",
				"s3://" + bucket + " at " + server.endpoint(), "buckethead.bucket.secret-access-key")
			.doesNotContain(wrongSecret, server.secretKey());
	}

	@Test
	void aMissingBucketFailsTheStartWithOneAnalysis() throws Exception {
		String missing = "missing-" + UUID.randomUUID().toString().substring(0, 8);
		String log = failedStart(s3(server.endpoint().toString(), missing, server.secretKey()));
		assertThat(log).contains("BucketHead could not start: its bucket does not exist.",
				"the bucket '" + missing + "' does not exist", "Create the bucket");
	}

	@Test
	void aClosedPortFailsTheStartWithOneAnalysis() throws Exception {
		String endpoint = "http://127.0.0.1:" + closedPort();
		String log = failedStart(s3(endpoint, "some-bucket", server.secretKey()));
		assertThat(log).contains("BucketHead could not start: it could not connect to the bucket's endpoint.",
				"s3://some-bucket at " + endpoint, "buckethead.bucket.endpoint");
	}

	@Test
	void requestsThatWouldBeRewrittenAreRefusedAndAFailedFlushIsAProblem() throws Exception {
		List<String> arguments = new ArrayList<>(s3(server.endpoint().toString(), server.createBucket("sample"),
				server.secretKey()));
		arguments.add("--buckethead.snapshot.interval=0");
		JarProcess app = start(arguments).awaitReady();

		HttpResponse<String> matrix = app.send("PUT", "/kv/a;b=c", "x");
		assertProblem(matrix, 400).contains("'a;b=c'", "%3B");
		assertThat(app.send("GET", "/kv/a", null).statusCode()).as("nothing written under 'a'").isEqualTo(404);
		assertThat(app.send("PUT", "/kv/a%3Bb=c", "semicolon").statusCode()).isEqualTo(200);
		assertThat(app.send("GET", "/kv/a%3Bb=c", null).body()).isEqualTo("semicolon");

		byte[] latin1 = { 'c', 'a', 'f', (byte) 0xe9 };
		HttpResponse<String> notUtf8 = app.send(app.request("/kv/cafe")
			.header("Content-Type", "text/plain")
			.PUT(HttpRequest.BodyPublishers.ofByteArray(latin1)));
		assertProblem(notUtf8, 400).contains("not valid UTF-8", "byte 3");
		assertThat(app.send("GET", "/kv/cafe", null).statusCode()).isEqualTo(404);
		assertThat(app.send(app.request("/kv/cafe")
			.header("Content-Type", "text/plain; charset=ISO-8859-1")
			.PUT(HttpRequest.BodyPublishers.ofByteArray(latin1))).statusCode()).isEqualTo(200);
		assertThat(app.send("GET", "/kv/cafe", null).body()).isEqualTo("café");

		assertProblem(app.send("PUT", "/kv/" + "k".repeat(1025), "v"), 400).contains("1025 bytes",
				"limit of 1024 bytes");
		assertThat(app.send("PUT", "/kv/" + "k".repeat(1024), "v").statusCode()).isEqualTo(200);

		assertThat(app.send("PUT", "/kv/unflushed", "kept").statusCode()).isEqualTo(200);
		server.stop();
		try {
			JsonNode sample = problem(app.send("POST", "/flush", null));
			assertThat(sample.get("consecutiveFailures").asLong()).isEqualTo(1);
			JsonNode actuator = problem(app.send("POST", "/actuator/buckethead", null));
			assertThat(actuator.get("consecutiveFailures").asLong()).isEqualTo(2);
		}
		finally {
			server.restart();
		}
		assertThat(app.send("POST", "/flush", null).body()).contains("\"outcome\":\"success\"");
		app.stopWithSigterm();
	}

	/** A failed flush's answer: 503, a problem detail naming the reason, the branch and the endpoint. */
	private static JsonNode problem(HttpResponse<String> response) {
		assertProblem(response, 503).contains(server.endpoint().toString());
		JsonNode problem = json.readTree(response.body());
		assertThat(problem.get("type").asString()).isEqualTo("tag:buckethead.dev,2026:flush-failed");
		assertThat(problem.get("title").asString()).isEqualTo("BucketHead flush failed");
		assertThat(problem.get("status").asInt()).isEqualTo(503);
		assertThat(problem.get("reason").asString()).isEqualTo("unreachable");
		assertThat(problem.get("branch").asString()).isEqualTo("main");
		return problem;
	}

	private static AbstractStringAssert<?> assertProblem(HttpResponse<String> response,
			int status) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).as(response.body())
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		return assertThat(json.readTree(response.body()).get("detail").asString());
	}

	/**
	 * Starts the jar expecting it to fail, and checks what every such start must show: one "APPLICATION FAILED
	 * TO START" block, which is all that is logged at ERROR, with no stack trace. Returns the log.
	 */
	private String failedStart(List<String> arguments) throws Exception {
		JarProcess app = start(arguments);
		assertThat(app.awaitExit()).isNotZero();
		String log = app.log();
		assertThat(log).containsOnlyOnce("APPLICATION FAILED TO START").contains("Action:");
		List<String> errors = LogLines.atLevel(log, "ERROR");
		assertThat(errors).as("lines at ERROR:%n%s", String.join("\n", errors))
			.hasSizeLessThan(15)
			.noneMatch((line) -> line.startsWith("\tat ") || line.startsWith("Caused by:"))
			.filteredOn((line) -> line.contains(" ERROR "))
			.singleElement()
			.asString()
			.contains("LoggingFailureAnalysisReporter");
		return log;
	}

	private JarProcess start(List<String> arguments) throws IOException {
		List<String> all = new ArrayList<>(arguments);
		all.add("--buckethead.database.directory=" + this.work.resolve("live"));
		this.running = SampleJar.SAMPLE.start(this.work, this.work.resolve("app-" + UUID.randomUUID() + ".log"), all);
		return this.running;
	}

	private static List<String> s3(String endpoint, String bucket, String secret) {
		return List.of("--buckethead.bucket.name=" + bucket, "--buckethead.bucket.endpoint=" + endpoint,
				"--buckethead.bucket.region=" + server.region(), "--buckethead.bucket.access-key-id=" + server.accessKey(),
				"--buckethead.bucket.secret-access-key=" + secret);
	}

	private static int closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
