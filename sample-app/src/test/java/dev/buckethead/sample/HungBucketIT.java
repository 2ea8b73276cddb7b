package dev.buckethead.sample;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.buckethead.test.JarProcess;
import dev.buckethead.test.S3TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged sample app against a real S3Proxy process that hangs: frozen with SIGSTOP, it accepts connections
 * and answers nothing. With deadlines configured short (attempt 1s, call 3s, shutdown phase 5s) the scenario costs
 * seconds: every health probe answers within a second and goes DOWN, and SIGTERM exits within the shutdown phase
 * and keeps the live database file, which holds every acknowledged note; once the bucket answers again, the next
 * start adopts that file and loses none of them. (A start-up against a hung bucket is
 * tested without a process of its own, in the auto-configuration's tests.)
 */
class HungBucketIT {

	private static final Duration PHASE = Duration.ofSeconds(5);

	private static final Duration PROBE_LIMIT = Duration.ofSeconds(1);

	/** How long the bucket hangs: the 60 s, shorter with -Dbuckethead.test.hang-seconds for a quick run. */
	private static final Duration HANG = Duration.ofSeconds(Long.getLong("buckethead.test.hang-seconds", 60));

	private static S3TestServer server;

	@TempDir
	Path work;

	private JarProcess app;

	@BeforeAll
	static void startServer() {
		server = S3TestServer.dedicated();
	}

	@AfterAll
	static void stopServer() {
		server.close();
	}

	@AfterEach
	void cleanUp() {
		if (this.app != null) {
			this.app.close();
		}
		server.resume();
	}

	private JarProcess start(String bucket, Path log) {
		List<String> arguments = List.of("--buckethead.bucket.name=" + bucket,
				"--buckethead.bucket.endpoint=" + server.endpoint(), "--buckethead.bucket.region=" + server.region(),
				"--buckethead.bucket.connect-timeout=1s", "--buckethead.bucket.read-timeout=1s",
				"--buckethead.bucket.attempt-timeout=1s", "--buckethead.bucket.call-timeout=3s",
				"--buckethead.snapshot.interval=1s", "--buckethead.health.max-consecutive-failures=1",
				"--buckethead.health.max-flush-duration=2s",
				"--spring.lifecycle.timeout-per-shutdown-phase=" + PHASE.toSeconds() + "s",
				"--buckethead.database.directory=" + this.work.resolve("live"));
		// The original library's variables, as a deployment would pass the credentials.
		Map<String, String> environment = Map.of("BUCKETHEAD_BUCKET__ACCESS_KEY_ID", server.accessKey(),
				"BUCKETHEAD_BUCKET__SECRET_ACCESS_KEY", server.secretKey());
		return SampleJar.SAMPLE.start(this.work, log, arguments, environment);
	}

	@Test
	void probesAnswerAtOnceAndGoDownWhileTheBucketHangsAndSigtermExitsWithinThePhaseKeepingTheFile()
			throws Exception {
		assumeThat(server.isExternal()).as("needs a server this test can freeze").isFalse();
		Path log = this.work.resolve("app.log");
		String bucket = server.createBucket("hung-app");
		this.app = start(bucket, log).awaitReady();
		assertThat(this.app.send("POST", "/notes", "{\"body\":\"flushed\"}").statusCode()).isEqualTo(201);
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(probe("/actuator/health/buckethead").body()).contains("\"dirty\":false"));

		server.suspend();
		List<String> acknowledged = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			HttpResponse<String> created = this.app.send("POST", "/notes", "{\"body\":\"unflushed " + i + "\"}",
					PROBE_LIMIT);
			assertThat(created.statusCode()).as("writes go on while the bucket hangs").isEqualTo(201);
			acknowledged.add("unflushed " + i);
		}
		long suspended = System.nanoTime();
		Probes probes = new Probes();
		// Probe at a kubelet's pace while the bucket hangs (each flush attempt ends by its 3s call deadline).
		await().atMost(HANG.plusSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
			probes.probe(suspended);
			return System.nanoTime() - suspended > HANG.toNanos();
		});
		long downAfter = probes.downAfter;
		assertThat(downAfter).as("health went DOWN").isPositive();

		Duration exit = this.app.sigterm(PHASE.plus(Duration.ofSeconds(5)));
		String output = this.app.logText();
		Matcher kept = Pattern.compile("the unflushed database is kept at (\\S+):").matcher(output);
		assertThat(kept.find()).as("the log names the kept file:%n%s", output).isTrue();
		Path file = Path.of(kept.group(1));
		assertThat(file).exists();
		assertThat(notes(file)).containsAll(acknowledged).contains("flushed");
		System.out.printf("HungBucketIT: %d probes while the bucket hung, slowest %d ms; health DOWN after %d ms; "
				+ "exit %d ms after SIGTERM (shutdown phase %d ms)%n", probes.count, probes.slowest / 1_000_000,
				downAfter / 1_000_000, exit.toMillis(), PHASE.toMillis());
		assertThat(exit).as("exit within the shutdown phase").isLessThan(PHASE.plus(Duration.ofSeconds(2)));

		// The bucket answers again: the next start on this machine adopts the kept file and flushes it.
		server.resume();
		this.app = start(bucket, this.work.resolve("restart.log")).awaitReady();
		assertThat(this.app.logText()).contains("BucketHead adopted the live file");
		String notes = this.app.send("GET", "/notes", null).body();
		assertThat(acknowledged).allSatisfy((body) -> assertThat(notes).contains(body));
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(probe("/actuator/health/buckethead").body()).contains("\"dirty\":false"));
	}

	private HttpResponse<String> probe(String path) throws Exception {
		return this.app.send("GET", path, null, PROBE_LIMIT);
	}

	/** Health, the endpoint and the dirty gauge, each of which must answer within {@link #PROBE_LIMIT}. */
	private final class Probes {

		private int count;

		private long slowest;

		private long downAfter = -1;

		void probe(long suspended) throws Exception {
			long sent = System.nanoTime();
			HttpResponse<String> health = HungBucketIT.this.probe("/actuator/health/buckethead");
			HttpResponse<String> status = HungBucketIT.this.probe("/actuator/buckethead");
			HttpResponse<String> dirty = HungBucketIT.this.probe("/actuator/metrics/buckethead.dirty");
			this.slowest = Math.max(this.slowest, (System.nanoTime() - sent) / 3);
			this.count += 3;
			assertThat(status.body()).contains("\"dirty\":true");
			assertThat(dirty.body()).contains("\"value\":1.0");
			if (health.body().contains("\"status\":\"DOWN\"")) {
				assertThat(health.body()).contains("\"dirty\":true");
				if (this.downAfter < 0) {
					this.downAfter = System.nanoTime() - suspended;
				}
			}
			else {
				assertThat(this.downAfter).as("once DOWN, health stays DOWN: %s", health.body()).isNegative();
			}
		}

	}

	private static List<String> notes(Path file) throws Exception {
		List<String> bodies = new ArrayList<>();
		try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
				ResultSet rows = connection.createStatement().executeQuery("SELECT body FROM note ORDER BY id")) {
			while (rows.next()) {
				bodies.add(rows.getString(1));
			}
		}
		return bodies;
	}

}
