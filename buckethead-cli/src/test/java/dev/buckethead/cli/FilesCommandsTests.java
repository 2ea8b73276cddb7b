package dev.buckethead.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.buckethead.BucketSQLite;
import dev.buckethead.cli.CliFixture.Run;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code files list|get|gc} on blobs an engine's FileStore wrote, against the real S3 server. */
class FilesCommandsTests {

	@TempDir
	Path temp;

	CliFixture fixture;

	String kept;

	String dropped;

	@BeforeEach
	void setUp() {
		fixture = new CliFixture(temp);
		try (BucketSQLite db = fixture.start("main")) {
			kept = db.files().put("kept content".getBytes(StandardCharsets.UTF_8));
			dropped = db.files().put("dropped content".getBytes(StandardCharsets.UTF_8));
			db.forceFlush();
			db.files().delete(dropped);
		}
	}

	@Test
	void listsTheFilesOfTheNewestGeneration() {
		Run list = fixture.run("files", "list", "--json");

		assertThat(list.exitCode()).as(list.toString()).isZero();
		assertThat(list.json().findValuesAsString("key")).containsExactly(kept);
		assertThat(fixture.run("files", "list").out()).contains(kept).contains("1 file, 12 B");
		assertThat(fixture.run("inspect").out()).contains("Files  1 blob, 12 B");
	}

	@Test
	void getsAFileVerifiedAgainstItsKey() throws Exception {
		Path out = temp.resolve("got.txt");

		Run get = fixture.run("files", "get", kept, "--out", out.toString());

		assertThat(get.exitCode()).as(get.toString()).isZero();
		assertThat(Files.readString(out)).isEqualTo("kept content");
		assertThat(fixture.run("files", "get", kept, "--out", out.toString()).err()).contains("Refusing to overwrite");
		Run notHeld = fixture.run("files", "get", dropped, "--out", temp.resolve("other").toString());
		assertThat(notHeld.exitCode()).isEqualTo(1);
		assertThat(notHeld.err()).contains(dropped).hasLineCount(1);
	}

	@Test
	void gcKeepsBlobsARetainedGenerationNeedsAndDeletesTheRest() {
		Run retained = fixture.run("files", "gc", "--dry-run", "--grace", "0", "--json");
		assertThat(retained.exitCode()).as(retained.toString()).isZero();
		assertThat(retained.json().get("candidates").isEmpty()).isTrue();

		assertThat(fixture.run("generations", "prune", "--keep", "1").exitCode()).isZero();
		Run dryRun = fixture.run("files", "gc", "--dry-run", "--grace", "0", "--json");
		assertThat(dryRun.json().get("candidates")).hasSize(1);
		assertThat(dryRun.json().get("candidates").get(0).asString()).isEqualTo(dropped);
		assertThat(dryRun.json().get("deleted").isEmpty()).isTrue();
		assertThat(fixture.run("files", "gc", "--dry-run").out()).contains("Would delete 0 blobs");

		Run gc = fixture.run("files", "gc", "--grace", "0");
		assertThat(gc.exitCode()).as(gc.toString()).isZero();
		assertThat(gc.out()).contains(dropped).contains("Deleted 1 blob ");
		assertThat(fixture.run("files", "gc", "--dry-run", "--grace", "0", "--json").json().get("candidates").isEmpty())
			.isTrue();
		Run get = fixture.run("files", "get", kept, "--out", temp.resolve("after-gc.txt").toString());
		assertThat(get.exitCode()).as(get.toString()).isZero();
	}

}
