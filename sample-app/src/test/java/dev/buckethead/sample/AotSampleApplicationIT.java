package dev.buckethead.sample;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jar built through {@code spring-boot:process-aot} starts on its ahead-of-time generated bean definitions
 * ({@code -Dspring.aot.enabled=true}): a note survives SIGTERM and a restart, and the build itself left nothing
 * in the bucket it was configured with.
 */
class AotSampleApplicationIT {

	private static final Path BUILD_BUCKET = Path
		.of(System.getProperty("sample.aot-build-bucket", "target/aot-build-bucket"));

	@TempDir
	Path work;

	private SampleProcess running;

	@AfterEach
	void killLeftover() {
		if (this.running != null) {
			this.running.close();
		}
	}

	@Test
	void theBuildDidNotStartTheEngineOnItsBucket() {
		assertThat(BUILD_BUCKET).doesNotExist();
	}

	@Test
	void startsWithAotAndANoteSurvivesARestart() throws Exception {
		Path firstLog = this.work.resolve("first.log");
		start(firstLog);
		HttpResponse<String> created = this.running.send("POST", "/notes", "{\"body\":\"ahead of time\"}");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		this.running.sigterm(Duration.ofSeconds(60));
		assertThat(Files.readString(firstLog)).contains("Starting AOT-processed SampleApplication",
				"BucketHead final flush done");

		start(this.work.resolve("second.log"));
		assertThat(this.running.send("GET", "/notes", null).body()).contains("ahead of time");
		assertThat(this.running.send("PUT", "/kv/aot", "yes").statusCode()).isEqualTo(200);
		assertThat(this.running.send("GET", "/actuator/health/buckethead", null).body()).contains("\"UP\"");
		this.running.sigterm(Duration.ofSeconds(60));
	}

	private void start(Path log) {
		this.running = SampleProcess.start(this.work, log, List.of("-Dspring.aot.enabled=true"),
				List.of("--buckethead.bucket.local-directory=" + this.work.resolve("bucket"),
						"--buckethead.database.directory=" + this.work.resolve("live"),
						"--buckethead.snapshot.interval=0"),
				Map.of())
			.awaitReady();
	}

}
