package dev.buckethead.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.buckethead.BucketSQLite;
import dev.buckethead.cli.CliFixture.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static dev.buckethead.cli.CliFixture.execute;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged tool as operators run it: {@code target/buckethead-cli.jar} and the {@code buckethead} launcher
 * beside it, each a separate process, against the real S3 server. Catches what in-process tests cannot: a
 * missing main class, services or native SQLite library lost in shading, a launcher that is not executable.
 */
class PackagedCliIT {

	@TempDir
	Path temp;

	@Test
	void theJarPrintsItsVersion() throws Exception {
		Run run = exec(Map.of(), "java", "-jar", property("buckethead.test.cli.jar"), "--version");

		assertThat(run.exitCode()).as(run.toString()).isZero();
		assertThat(run.out()).startsWith("buckethead ");
	}

	@Test
	void theLauncherListsAndInspectsBranchesOnS3() throws Exception {
		CliFixture fixture = new CliFixture(temp);
		try (BucketSQLite db = fixture.start("main")) {
			execute(db.connection(), "CREATE TABLE t (x INTEGER)");
			execute(db.connection(), "INSERT INTO t VALUES (1), (2)");
		}
		String launcher = property("buckethead.test.cli.launcher");

		Run list = exec(fixture.environment(), launcher, "branches", "list", "--json");
		assertThat(list.exitCode()).as(list.toString()).isZero();
		assertThat(list.json().findValuesAsString("name")).containsExactly("main");

		Run inspect = exec(fixture.environment(), launcher, "inspect", "--json");
		assertThat(inspect.exitCode()).as(inspect.toString()).isZero();
		JsonNode table = inspect.json().get("database").get("tables").get(0);
		assertThat(table.get("name").asString()).isEqualTo("t");
		assertThat(table.get("rows").asLong()).isEqualTo(2);

		Run missing = exec(fixture.environment(), launcher, "--bucket", "no-such-bucket-it", "branches", "list");
		assertThat(missing.exitCode()).isEqualTo(1);
		assertThat(missing.err()).isEqualTo("error: Cannot list 'buckethead.db.bh/heads/' in s3://no-such-bucket-it at "
				+ fixture.server().endpoint() + ": the bucket 'no-such-bucket-it' does not exist\n");
	}

	private static String property(String name) {
		String value = System.getProperty(name);
		assertThat(value).as("system property " + name + " (set by the pom)").isNotNull();
		assertThat(Path.of(value)).exists();
		return value;
	}

	/** Runs a process with only {@code env} of the BUCKETHEAD_* variables and a home without a config file. */
	private Run exec(Map<String, String> env, String... command) throws IOException, InterruptedException {
		ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(List.of(command)));
		builder.environment().keySet().removeIf((name) -> name.toUpperCase().startsWith("BUCKETHEAD_"));
		builder.environment().putAll(env);
		builder.environment().put("HOME", temp.toString());
		Path out = temp.resolve("stdout.txt");
		Path err = temp.resolve("stderr.txt");
		Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
		if (!process.waitFor(120, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new AssertionError("Timed out: " + String.join(" ", command));
		}
		return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
				Files.readString(err, StandardCharsets.UTF_8));
	}

}
