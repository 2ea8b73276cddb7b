package dev.buckethead.sample;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.buckethead.test.JarProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starts the packaged jar as a real process, writes a note over HTTP, stops it with SIGTERM, starts it again on
 * the same bucket directory and reads the note back. The flush timer is off, so only the final flush at
 * shutdown can have saved the note.
 */
class SampleApplicationIT {

	@TempDir
	Path work;

	private JarProcess running;

	@AfterEach
	void killLeftover() {
		if (this.running != null) {
			this.running.close();
		}
	}

	@Test
	void aNoteSurvivesSigtermAndARestart() throws Exception {
		Path firstLog = this.work.resolve("first.log");
		start(firstLog);
		HttpResponse<String> created = send("POST", "/notes", "{\"body\":\"survives SIGTERM\"}");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		assertThat(created.body()).contains("survives SIGTERM");
		this.running.sigterm(Duration.ofSeconds(60));
		assertThat(Files.readString(firstLog)).contains(startedLine(), "BucketHead final flush done");

		Path secondLog = this.work.resolve("second.log");
		start(secondLog);
		HttpResponse<String> notes = send("GET", "/notes", null);
		assertThat(notes.statusCode()).isEqualTo(200);
		assertThat(notes.body()).contains("survives SIGTERM");
		assertThat(Files.readString(secondLog)).contains("BucketHead started branch 'main' from");

		assertThat(send("POST", "/branches/experiment", null).statusCode()).isEqualTo(201);
		assertThat(send("POST", "/branches/experiment/switch", null).body())
			.contains("\"current\":\"experiment\"");
		assertThat(send("GET", "/branches", null).body()).contains("\"main\"", "\"experiment\"");
		HttpResponse<String> unknownBranch = send("POST", "/branches/nope/switch", null);
		assertThat(unknownBranch.statusCode()).isEqualTo(404);
		assertThat(unknownBranch.body()).contains("does not exist");
		assertThat(send("POST", "/branches/bad..name", null).statusCode()).isEqualTo(400);
		HttpResponse<String> badFilter = send("POST", "/docs/users/find", "{\"age\":{\"$bogus\":1}}");
		assertThat(badFilter.statusCode()).isEqualTo(400);
		assertThat(badFilter.body()).contains("$bogus");
		assertThat(send("POST", "/notes", "{\"text\":\"wrong field\"}").statusCode()).isEqualTo(400);
		assertThat(send("GET", "/files/bh-nothex", null).statusCode()).isEqualTo(400);
		assertThat(send("PUT", "/kv/greeting", "hello").statusCode()).isEqualTo(200);
		assertThat(send("GET", "/kv/greeting", null).body()).isEqualTo("hello");
		assertThat(send("POST", "/docs/users", "{\"name\":\"alice\",\"age\":30}").statusCode()).isEqualTo(201);
		assertThat(send("POST", "/docs/users/find", "{\"age\":{\"$gte\":18}}").body()).contains("alice");
		HttpResponse<String> uploaded = send("PUT", "/files", "file content");
		assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
		String key = uploaded.body().replaceAll(".*\"key\":\"([^\"]+)\".*", "$1");
		assertThat(send("GET", "/files/" + key, null).body()).isEqualTo("file content");
		// No share bucket in the sample (the local directory cannot presign): 503 saying how to configure one.
		HttpResponse<String> share = send("POST", "/files/" + key + "/share?lifetime=PT1H", null);
		assertThat(share.statusCode()).as(share.body()).isEqualTo(503);
		assertThat(share.body()).contains("buckethead.shares.bucket", "BUCKETHEAD_SHARE__BUCKET");
		assertThat(send("POST", "/flush", null).body()).contains("\"outcome\":\"success\"");

		// Observability: the buckethead endpoint (with write access in the sample), health and metrics.
		assertThat(send("PUT", "/kv/observed", "yes").statusCode()).isEqualTo(200);
		HttpResponse<String> flushed = send("POST", "/actuator/buckethead", null);
		assertThat(flushed.statusCode()).as(flushed.body()).isEqualTo(200);
		assertThat(flushed.body()).contains("\"outcome\":\"success\"", "\"trigger\":\"manual\"");
		assertThat(send("GET", "/actuator/buckethead", null).body()).contains("\"branch\":\"experiment\"",
				"\"dirty\":false", "\"io\":{\"requests\":");
		HttpResponse<String> health = send("GET", "/actuator/health/buckethead", null);
		assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
		assertThat(health.body()).contains("\"status\":\"UP\"", "\"branch\":\"experiment\"");
		assertThat(send("GET", "/actuator/metrics/buckethead.flush", null).body()).contains("\"outcome\"",
				"\"trigger\"");
		this.running.sigterm(Duration.ofSeconds(60));
	}

	/** The JVM options the jar runs with; {@link AotSampleApplicationIT} runs it ahead-of-time processed. */
	List<String> jvmOptions() {
		return List.of();
	}

	/** The line Spring Boot logs as the application starts. */
	String startedLine() {
		return "Starting SampleApplication";
	}

	/** Starts the jar on the test's bucket directory with the timer off, and waits until it answers. */
	private void start(Path log) {
		this.running = SampleJar.SAMPLE.start(this.work, log, jvmOptions(),
				List.of("--buckethead.bucket.local-directory=" + this.work.resolve("bucket"),
						"--buckethead.database.directory=" + this.work.resolve("live"),
						"--buckethead.snapshot.interval=0"),
				Map.of())
			.awaitReady();
	}

	private HttpResponse<String> send(String method, String path, String body) throws Exception {
		return this.running.send(method, path, body);
	}

}
