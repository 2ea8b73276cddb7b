package dev.buckethead.autoconfigure;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.buckethead.BucketSQLite;
import dev.buckethead.bucket.LocalDirectoryBucketClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /actuator/buckethead} when the flush fails: the bucket directory is replaced by a plain file, so
 * that every write to the bucket really fails, and the answer is a 503 problem detail, not a bare 500.
 */
@DirtiesContext
@SpringBootTest(classes = BucketHeadEndpointIntegrationTests.App.class,
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=buckethead",
				"management.endpoint.buckethead.access=unrestricted" })
class BucketHeadEndpointFlushFailureTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	@DynamicPropertySource
	static void bucket(DynamicPropertyRegistry registry) {
		BucketHeadEndpointIntegrationTests.properties(registry, "flush-failure");
	}

	@LocalServerPort
	int port;

	@Autowired
	BucketSQLite database;

	@Autowired
	LocalDirectoryBucketClient bucket;

	@Test
	void aFailedFlushIsA503ProblemDetailCountingTheFailures() throws Exception {
		BucketHeadObservabilityAutoConfigurationTests.write(this.database, "CREATE TABLE t (v TEXT)");
		HttpResponse<String> flushed = flush();
		assertThat(flushed.statusCode()).as(flushed.body()).isEqualTo(200);
		String generation = json.readTree(flushed.body()).get("generation").asString();
		BucketHeadObservabilityAutoConfigurationTests.write(this.database, "INSERT INTO t VALUES ('unflushed')");
		Path root = this.bucket.root();
		Path aside = root.resolveSibling("bucket-aside");
		Files.move(root, aside);
		Files.writeString(root, "not a directory");
		try {
			HttpResponse<String> failed = flush();
			assertThat(failed.statusCode()).as(failed.body()).isEqualTo(503);
			assertThat(failed.headers().firstValue("Content-Type")).hasValueSatisfying(
					(type) -> assertThat(type).startsWith("application/problem+json"));
			JsonNode problem = json.readTree(failed.body());
			assertThat(problem.get("type").asString()).isEqualTo("tag:buckethead.dev,2026:flush-failed");
			assertThat(problem.get("title").asString()).isEqualTo("BucketHead flush failed");
			assertThat(problem.get("status").asInt()).isEqualTo(503);
			assertThat(problem.get("detail").asString()).startsWith("Cannot ").contains(root.toString());
			assertThat(problem.get("reason").asString()).isEqualTo("bucket-error");
			assertThat(problem.get("branch").asString()).isEqualTo("main");
			assertThat(problem.get("generation").asString()).isEqualTo(generation);
			assertThat(problem.get("consecutiveFailures").asLong()).isEqualTo(1);
			assertThat(problem.get("lastSuccessfulFlush").asString()).isNotBlank();
			assertThat(json.readTree(flush().body()).get("consecutiveFailures").asLong()).isEqualTo(2);
			assertThat(this.database.isDirty()).as("the changes are still in the live database").isTrue();
		}
		finally {
			Files.delete(root);
			Files.move(aside, root);
		}
		HttpResponse<String> recovered = flush();
		assertThat(recovered.statusCode()).as(recovered.body()).isEqualTo(200);
		assertThat(json.readTree(recovered.body()).get("outcome").asString()).isEqualTo("success");
		FileSystemUtils.deleteRecursively(aside);
	}

	private HttpResponse<String> flush() throws Exception {
		return BucketHeadEndpointIntegrationTests.send(this.port, "POST", "/actuator/buckethead", null);
	}

}
