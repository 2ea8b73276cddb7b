package dev.buckethead.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dev.buckethead.BucketSQLite;
import dev.buckethead.cli.CliFixture.Run;
import dev.buckethead.live.LiveStorage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.buckethead.cli.CliFixture.execute;
import static org.assertj.core.api.Assertions.assertThat;

/** Options, configuration, exit codes and error lines. */
class CommandLineTests {

	@TempDir
	Path temp;

	CliFixture fixture;

	@BeforeEach
	void setUp() {
		fixture = new CliFixture(temp);
	}

	@Test
	void unknownOptionIsAUsageErrorOnOneLine() {
		Run run = fixture.run("inspect", "--bogus");

		assertThat(run.exitCode()).isEqualTo(2);
		assertThat(run.err()).isEqualTo("error: Unknown option: '--bogus' (see 'buckethead inspect --help')\n");
		assertThat(run.out()).isEmpty();
	}

	@Test
	void badValuesAndMissingArgumentsAreUsageErrors() {
		assertThat(fixture.run("restore").err()).contains("Missing required option: '--out=FILE'");
		assertThat(fixture.run("restore").exitCode()).isEqualTo(2);
		Run generation = fixture.run("restore", "--out", "x.db", "--generation", "yesterday");
		assertThat(generation.exitCode()).isEqualTo(2);
		assertThat(generation.err()).contains("'yesterday' is not a generation id").hasLineCount(1);
		Run both = fixture.run("restore", "--out", "x.db", "--generation", "20261121T235141.123Z-9f2c01ab",
				"--as-of", "2026-11-21T23:51:41Z");
		assertThat(both.exitCode()).isEqualTo(2);
		assertThat(both.err()).contains("mutually exclusive");
		assertThat(fixture.run("gc", "--grace", "soon").err()).contains("'soon' is not a duration");
		assertThat(fixture.run("generations", "prune", "--keep", "0").exitCode()).isEqualTo(2);
		assertThat(fixture.run("branches").err()).contains("Missing subcommand: one of list, create, delete");
		assertThat(fixture.run().exitCode()).isEqualTo(2);
	}

	@Test
	void missingBucketFailsWithOneClearLine() {
		Run run = fixture.run("--bucket", "no-such-bucket-here", "branches", "list");

		assertThat(run.exitCode()).isEqualTo(1);
		assertThat(run.err()).startsWith("error: ").contains("the bucket 'no-such-bucket-here' does not exist")
			.hasLineCount(1);
	}

	@Test
	void noBucketConfiguredSaysWhatToSet() {
		Run run = fixture.run(Map.of(), "branches", "list");

		assertThat(run.exitCode()).isEqualTo(1);
		assertThat(run.err()).startsWith("error: No bucket configured: set BUCKETHEAD_BUCKET__NAME")
			.contains("--local-directory")
			.hasLineCount(1);
	}

	@Test
	void flagsOverrideTheEnvironmentAndTheConfigFile() throws Exception {
		Map<String, String> env = fixture.environment();
		Path config = temp.resolve("config.toml");
		Files.writeString(config, "[env]\nBUCKETHEAD_BUCKET__NAME = \"from-the-file\"\n");
		env.remove("BUCKETHEAD_BUCKET__NAME");
		Run fromFile = fixture.run(env, "--config", config.toString(), "branches", "list");
		assertThat(fromFile.err()).contains("the bucket 'from-the-file' does not exist");

		Run fromFlag = fixture.run(env, "--config", config.toString(), "--bucket", fixture.bucketName(), "branches",
				"list");
		assertThat(fromFlag.exitCode()).as(fromFlag.toString()).isZero();
		assertThat(fromFlag.out()).startsWith("No branches");

		Run missingConfig = fixture.run(env, "--config", temp.resolve("nope.toml").toString(), "branches", "list");
		assertThat(missingConfig.exitCode()).isEqualTo(1);
		assertThat(missingConfig.err()).contains("nope.toml does not exist");
	}

	@Test
	void invalidSettingsAreReportedTogetherOnOneLine() {
		Run run = fixture.run("--bucket", "Bad_Name", "--endpoint", "ftp://x", "branches", "list");

		assertThat(run.exitCode()).isEqualTo(1);
		assertThat(run.err()).startsWith("error: invalid configuration: ").contains("Bad_Name").contains("ftp://x")
			.hasLineCount(1);
	}

	@Test
	void deadlineFlagsAreCheckedWithTheLibrarysRules() {
		Run run = fixture.run("--attempt-timeout", "20s", "branches", "list");

		assertThat(run.exitCode()).isEqualTo(1);
		assertThat(run.err()).startsWith("error: invalid configuration: ")
			.contains("the attempt timeout (PT20S) must not be longer than the call timeout (PT15S)")
			.hasLineCount(1);
		assertThat(fixture.run("--attempt-timeout", "2s", "--call-timeout", "4s", "branches", "list").exitCode())
			.isZero();
	}

	@Test
	void secretsAreNeverPrintedEvenVerbose() {
		Map<String, String> env = fixture.environment();
		String secret = env.remove("BUCKETHEAD_BUCKET__SECRET_ACCESS_KEY");
		Run run = fixture.run(env, "--verbose", "--secret-access-key", secret, "--bucket", "no-such-bucket-x",
				"inspect");

		assertThat(run.exitCode()).isEqualTo(1);
		assertThat(run.err()).contains("warning: --secret-access-key is kept in your shell history");
		assertThat(run.err() + run.out()).doesNotContain(secret);

		Run wrong = fixture.run(env, "--secret-access-key", "not-the-secret-123", "branches", "list");
		assertThat(wrong.exitCode()).isEqualTo(1);
		assertThat(wrong.err() + wrong.out()).doesNotContain("not-the-secret-123");
	}

	@Test
	void globalOptionsWorkBeforeAndAfterTheCommand() {
		Run before = fixture.run("--json", "branches", "list");
		Run after = fixture.run("branches", "list", "--json");

		assertThat(before.exitCode()).as(before.toString()).isZero();
		assertThat(before.json().isArray()).isTrue();
		assertThat(after.json().isArray()).isTrue();
	}

	@Test
	void inspectsAnEmptyBucketAndRefusesAMissingBranch() {
		Run empty = fixture.run("inspect");
		assertThat(empty.exitCode()).as(empty.toString()).isZero();
		assertThat(empty.out()).contains("Branches      (none)").contains("no snapshot under 'buckethead.db.bh/'");

		Run missing = fixture.run("inspect", "--branch", "nope");
		assertThat(missing.exitCode()).isEqualTo(1);
		assertThat(missing.err()).contains("Branch 'nope' does not exist");
	}

	@Test
	void worksOnALocalDirectoryBucket() throws Exception {
		Path directory = temp.resolve("bucket");
		try (BucketSQLite db = BucketSQLite.builder()
			.localDirectory(directory)
			.storage(LiveStorage.MEMORY)
			.flushInterval(java.time.Duration.ZERO)
			.build()
			.start()) {
			execute(db.connection(), "CREATE TABLE t (x INTEGER)");
		}

		Run run = fixture.run(Map.of(), "--local-directory", directory.toString(), "inspect", "--json");

		assertThat(run.exitCode()).as(run.toString()).isZero();
		assertThat(run.json().get("database").get("tables").findValuesAsString("name")).containsExactly("t");
		assertThat(fixture.run(Map.of(), "--local-directory", temp.resolve("nowhere").toString(), "inspect").err())
			.contains("does not exist");
	}

	@Test
	void provisionCreatesTheShareBucketAndPrintsItsConfiguration() {
		String project = "proj" + Long.toHexString(System.nanoTime());
		Run run = fixture.run("provision", "share-bucket", "--project", project);

		assertThat(run.exitCode()).as(run.toString()).isZero();
		assertThat(run.out()).contains("Created s3://" + project + "-share")
			.contains("[env]")
			.contains("BUCKETHEAD_SHARE__BUCKET = \"" + project + "-share\"");
		fixture.server().client().headBucket((b) -> b.bucket(project + "-share"));

		Run again = fixture.run("provision", "share-bucket", "--project", project, "--json");
		assertThat(again.exitCode()).as(again.toString()).isZero();
		assertThat(again.json().get("created").asBoolean()).isFalse();

		assertThat(fixture.run("provision", "share-bucket", "--project", "Bad Name").exitCode()).isEqualTo(2);
	}

	@Test
	void printsItsVersionAndHelp() {
		Run version = fixture.run("--version");
		assertThat(version.exitCode()).isZero();
		assertThat(version.out()).matches("buckethead \\d+\\.\\d+\\.\\d+.*\\n");

		Run help = fixture.run("--help");
		assertThat(help.exitCode()).isZero();
		assertThat(help.out()).contains("inspect", "restore", "import", "branches", "generations", "gc", "files",
				"provision", "Exit codes");
	}

}
