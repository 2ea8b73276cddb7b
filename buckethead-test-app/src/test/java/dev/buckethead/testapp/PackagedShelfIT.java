package dev.buckethead.testapp;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.buckethead.test.JarApplication;
import dev.buckethead.test.JarProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #16 items 3, 4 and 5 as an operator sees them: the packaged app, built through
 * {@code spring-boot:process-aot} (whose bucket is an endpoint nothing listens on, so the build itself proves it
 * contacted no bucket) and started with {@code -Dspring.aot.enabled=true} as a process of its own on the real S3
 * server, configured only through {@code application.yml}'s variables. Books added over HTTP survive SIGTERM and
 * a restart; a duplicate ISBN is the repository's translated {@code DuplicateKeyException}, a 409.
 */
class PackagedShelfIT {

	private static final JarApplication SHELF = new JarApplication(
			Path.of(System.getProperty("testapp.jar", "target/buckethead-test-app-0.1.0-SNAPSHOT.jar")),
			"/actuator/health");

	@TempDir
	Path work;

	@Test
	void booksSurviveSigtermAndARestartOfTheAotProcessedJar() throws Exception {
		String bucket = ShelfBucket.create("packaged");
		Path firstLog = this.work.resolve("first.log");
		try (JarProcess first = start(bucket, firstLog)) {
			for (String book : List.of(
					"{\"title\":\"Persuasion\",\"author\":\"Austen\",\"isbn\":\"isbn-1\",\"pages\":249}",
					"{\"title\":\"Emma\",\"author\":\"Austen\",\"isbn\":\"isbn-2\",\"pages\":474}",
					"{\"title\":\"Dune\",\"author\":\"Herbert\",\"isbn\":\"isbn-3\",\"pages\":412}")) {
				HttpResponse<String> added = first.send("POST", "/books", book);
				assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
			}
			HttpResponse<String> duplicate = first.send("POST", "/books",
					"{\"title\":\"Copy\",\"author\":\"X\",\"isbn\":\"isbn-1\",\"pages\":1}");
			assertThat(duplicate.statusCode()).as(duplicate.body()).isEqualTo(409);
			first.sigterm(Duration.ofSeconds(60));
		}
		assertThat(Files.readString(firstLog)).contains("Starting AOT-processed ShelfApplication",
				"BucketHead final flush done");
		assertThat(ShelfBucket.objects(bucket)).isNotEmpty();

		try (JarProcess second = start(bucket, this.work.resolve("second.log"))) {
			HttpResponse<String> austen = second.send("GET", "/books?author=Austen&sort=title", null);
			assertThat(austen.statusCode()).isEqualTo(200);
			assertThat(austen.body()).containsSubsequence("\"Emma\"", "\"Persuasion\"").doesNotContain("Dune");
			assertThat(second.send("GET", "/books?page=0&size=1&sort=pages,desc", null).body()).contains("\"Emma\"")
				.doesNotContain("Persuasion");
			assertThat(second.send("GET", "/actuator/health/buckethead", null).body()).contains("\"UP\"");
			// As the README says: the endpoint is read-only unless management.endpoint.buckethead.access says otherwise.
			assertThat(second.send("GET", "/actuator/buckethead", null).statusCode()).isEqualTo(200);
			assertThat(second.send("POST", "/actuator/buckethead", null).statusCode()).isEqualTo(405);
			second.sigterm(Duration.ofSeconds(60));
		}
	}

	/** The timer is off: only the final flush at SIGTERM can have saved the books. */
	private JarProcess start(String bucket, Path log) {
		return SHELF
			.start(this.work, log, List.of("-Dspring.aot.enabled=true"),
					List.of("--buckethead.snapshot.interval=0",
							"--buckethead.database.directory=" + this.work.resolve("live")),
					ShelfBucket.settings(bucket))
			.awaitReady();
	}

}
