package dev.buckethead.autoconfigure;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.buckethead.BucketSQLite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The endpoint, health and metrics over HTTP in a whole application (embedded Tomcat on a random port, all
 * auto-configurations, a local directory bucket): what it shows after a flush, its write operations, and that
 * they are refused unless access is granted.
 */
class BucketHeadEndpointIntegrationTests {

	private static final Path WORK = createWork();

	private static final HttpClient http = HttpClient.newHttpClient();

	private static final JsonMapper json = JsonMapper.builder().build();

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration(excludeName = "io.awspring.cloud.autoconfigure.s3.S3AutoConfiguration")
	static class App {

	}

	private static Path createWork() {
		try {
			return Files.createTempDirectory("buckethead-endpoint");
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	@AfterAll
	static void deleteWork() throws Exception {
		FileSystemUtils.deleteRecursively(WORK);
	}

	static void properties(DynamicPropertyRegistry registry, String name) {
		registry.add("buckethead.bucket.local-directory", () -> WORK.resolve(name).resolve("bucket").toString());
		registry.add("buckethead.database.directory", () -> WORK.resolve(name).resolve("live").toString());
		registry.add("buckethead.snapshot.interval", () -> "0");
		registry.add("spring.flyway.enabled", () -> "false");
		registry.add("management.endpoint.health.show-details", () -> "always");
	}

	static HttpResponse<String> send(int port, String method, String path, String body) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
			.header("Content-Type", "application/json")
			.method(method, (body != null) ? HttpRequest.BodyPublishers.ofString(body)
					: HttpRequest.BodyPublishers.noBody());
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	static JsonNode read(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return json.readTree(response.body());
	}

	@Nested
	@DirtiesContext
	@SpringBootTest(classes = App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
			properties = { "management.endpoints.web.exposure.include=health,metrics,buckethead",
					"management.endpoint.buckethead.access=unrestricted" })
	class WithAccess {

		@DynamicPropertySource
		static void bucket(DynamicPropertyRegistry registry) {
			properties(registry, "unrestricted");
		}

		@LocalServerPort
		int port;

		@Autowired
		BucketSQLite database;

		@Test
		void showsTheRealFiguresAfterAFlush() throws Exception {
			BucketHeadObservabilityAutoConfigurationTests.write(this.database,
					"CREATE TABLE IF NOT EXISTS notes (body TEXT)", "INSERT INTO notes VALUES ('hello')");
			JsonNode dirty = read(send(this.port, "GET", "/actuator/buckethead", null));
			assertThat(dirty.get("dirty").asBoolean()).isTrue();

			JsonNode flushed = read(send(this.port, "POST", "/actuator/buckethead", null));
			assertThat(flushed.get("outcome").asString()).isEqualTo("success");
			assertThat(flushed.get("trigger").asString()).isEqualTo("manual");
			String generation = flushed.get("generation").asString();
			assertThat(generation).isEqualTo(this.database.generation().orElseThrow());

			JsonNode status = read(send(this.port, "GET", "/actuator/buckethead", null));
			assertThat(status.get("branch").asString()).isEqualTo("main");
			assertThat(status.get("generation").asString()).isEqualTo(generation);
			assertThat(status.get("dirty").asBoolean()).isFalse();
			assertThat(status.get("databaseSize").asLong()).isGreaterThanOrEqualTo(4096);
			assertThat(status.get("retainedGenerations").get(0).asString()).isEqualTo(generation);
			JsonNode lastFlush = status.get("lastFlush");
			assertThat(lastFlush.get("outcome").asString()).isEqualTo("success");
			assertThat(lastFlush.get("bytesUploaded").asLong())
				.isEqualTo(this.database.statistics().lastSuccess().bytesUploaded())
				.isPositive();
			assertThat(lastFlush.get("completedAt").asString()).isNotEmpty();
			assertThat(status.get("io").get("put").asLong()).isEqualTo(this.database.ioCounters().puts())
				.isPositive();
			assertThat(status.get("io").get("bytesOut").asLong()).isPositive();
			assertThat(status.get("io").has("bytes_out")).as("camelCase, like every other key").isFalse();
			assertThat(status.get("restore").get("branch").asString()).isEqualTo("main");

			JsonNode health = read(send(this.port, "GET", "/actuator/health", null));
			assertThat(health.get("components").get("buckethead").get("status").asString()).isEqualTo("UP");
			assertThat(health.get("components").get("buckethead").get("details").get("generation").asString())
				.isEqualTo(generation);

			JsonNode timer = read(send(this.port, "GET",
					"/actuator/metrics/buckethead.flush?tag=outcome:success&tag=trigger:manual", null));
			assertThat(timer.get("measurements").get(0).get("value").asDouble()).isGreaterThanOrEqualTo(1);
			read(send(this.port, "GET", "/actuator/metrics/buckethead.bucket.requests?tag=operation:put", null));
		}

		@Test
		void flushWriteOperationChangesTheGeneration() throws Exception {
			BucketHeadObservabilityAutoConfigurationTests.write(this.database,
					"CREATE TABLE IF NOT EXISTS counter (n INTEGER)", "INSERT INTO counter VALUES (1)");
			String before = read(send(this.port, "POST", "/actuator/buckethead", null)).get("generation").asString();
			BucketHeadObservabilityAutoConfigurationTests.write(this.database, "INSERT INTO counter VALUES (2)");
			String after = read(send(this.port, "POST", "/actuator/buckethead", null)).get("generation").asString();
			assertThat(after).isNotEqualTo(before).isEqualTo(this.database.generation().orElseThrow());
		}

		@Test
		void createsAndSwitchesBranches() throws Exception {
			JsonNode created = read(send(this.port, "POST", "/actuator/buckethead/feature-x",
					"{\"action\":\"create\"}"));
			assertThat(created.get("current").asString()).isEqualTo("main");
			JsonNode switched = read(send(this.port, "POST", "/actuator/buckethead/feature-x",
					"{\"action\":\"switch\"}"));
			assertThat(switched.get("current").asString()).isEqualTo("feature-x");
			assertThat(this.database.branch()).isEqualTo("feature-x");
			read(send(this.port, "POST", "/actuator/buckethead/main", "{\"action\":\"switch\"}"));
			assertThat(send(this.port, "POST", "/actuator/buckethead/nope", "{\"action\":\"switch\"}").statusCode())
				.isEqualTo(400);
			assertThat(send(this.port, "POST", "/actuator/buckethead/main", "{\"action\":\"bogus\"}").statusCode())
				.isEqualTo(400);
		}

	}

	@Nested
	@DirtiesContext
	@SpringBootTest(classes = App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
			properties = "management.endpoints.web.exposure.include=health,buckethead")
	class ReadOnlyByDefault {

		@DynamicPropertySource
		static void bucket(DynamicPropertyRegistry registry) {
			properties(registry, "read-only");
		}

		@LocalServerPort
		int port;

		@Autowired
		BucketSQLite database;

		@Test
		void readsButRefusesWrites() throws Exception {
			assertThat(read(send(this.port, "GET", "/actuator/buckethead", null)).get("branch").asString())
				.isEqualTo("main");
			BucketHeadObservabilityAutoConfigurationTests.write(this.database, "CREATE TABLE t (v TEXT)");
			HttpResponse<String> flush = send(this.port, "POST", "/actuator/buckethead", null);
			assertThat(flush.statusCode()).isEqualTo(405);
			// One answer for every write without access, as the docs say: 405, the path's GET being allowed.
			assertThat(send(this.port, "POST", "/actuator/buckethead/x", "{\"action\":\"create\"}").statusCode())
				.isEqualTo(405);
			assertThat(send(this.port, "POST", "/actuator/buckethead/main", "{\"action\":\"switch\"}").statusCode())
				.isEqualTo(405);
			assertThat(send(this.port, "GET", "/actuator/buckethead/main", null).body())
				.isEqualTo("{\"branch\":\"main\",\"current\":true}");
			assertThat(send(this.port, "GET", "/actuator/buckethead/x", null).statusCode()).isEqualTo(404);
			assertThat(this.database.isDirty()).as("nothing flushed").isTrue();
			assertThat(send(this.port, "GET", "/actuator/metrics", null).statusCode()).as("not exposed")
				.isEqualTo(404);
		}

	}

}
