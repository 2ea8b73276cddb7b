package dev.buckethead.sample;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.buckethead.test.JarProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged sample app as one writer and one replica (the same jar with {@code --spring.profiles.active=replica})
 * on one bucket directory: a note written to the writer appears on the replica after the writer's next flush and
 * the replica's next poll; a write sent to the replica answers 405; the replica's health says what it serves.
 */
class ReplicaIT {

	@TempDir
	Path work;

	private JarProcess writer;

	private JarProcess replica;

	@AfterEach
	void stop() {
		if (this.replica != null) {
			this.replica.close();
		}
		if (this.writer != null) {
			this.writer.close();
		}
	}

	@Test
	void aReplicaProcessFollowsTheWriterAndRefusesWrites() throws Exception {
		String bucket = "--buckethead.bucket.local-directory=" + this.work.resolve("bucket");
		this.writer = SampleJar.SAMPLE.start(this.work, this.work.resolve("writer.log"), List.of(bucket,
				"--buckethead.database.directory=" + this.work.resolve("writer-live"),
				"--buckethead.snapshot.interval=1s", "--buckethead.snapshot.page-deltas=true"))
			.awaitReady();
		this.replica = SampleJar.SAMPLE.start(this.work, this.work.resolve("replica.log"), List.of(bucket,
				"--buckethead.database.directory=" + this.work.resolve("replica-live"),
				"--spring.profiles.active=replica"))
			.awaitReady();
		HttpResponse<String> created = this.writer.send("POST", "/notes", "{\"body\":\"seen by the replica\"}");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> this.replica.send("GET", "/notes", null).body().contains("seen by the replica"));
		HttpResponse<String> refused = this.replica.send("POST", "/notes", "{\"body\":\"not here\"}");
		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(405);
		assertThat(refused.body()).contains("read replica of branch 'main'");
		HttpResponse<String> health = this.replica.send("GET", "/actuator/health", null);
		assertThat(health.body()).contains("\"mode\":\"replica\"", "\"status\":\"UP\"");
		assertThat(this.replica.send("GET", "/actuator/buckethead", null).body()).contains("\"mode\":\"replica\"",
				"\"branch\":\"main\"", "\"generation\":\"2");
		assertThat(this.replica.send("GET", "/notes", null).body()).doesNotContain("not here");
	}

}
