package dev.buckethead.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicReference;

import dev.buckethead.BucketSQLite;
import dev.buckethead.encryption.EncryptionKey;
import dev.buckethead.encryption.KeyRing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code buckethead follow}: a local file kept equal to a branch while a writer flushes, readable meanwhile. */
class FollowCommandTests {

	@TempDir
	Path temp;

	@Test
	void followKeepsALocalFileUpToDateWithTheBranch() throws Exception {
		CliFixture fixture = new CliFixture(temp);
		try (BucketSQLite writer = writer(fixture).build().start()) {
			try (Connection c = writer.connect()) {
				CliFixture.execute(c, "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)");
				CliFixture.execute(c, "INSERT INTO t (name) VALUES ('first')");
			}
			writer.forceFlush();
			Path out = temp.resolve("analytics.db");
			AtomicReference<CliFixture.Run> result = new AtomicReference<>();
			Thread follow = new Thread(() -> result.set(fixture.run("follow", "--out", out.toString(),
					"--poll-interval", "100ms", "--duration", "120s")));
			follow.start();
			try {
				await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
					.until(() -> Files.exists(out) && CliFixture.count(out, "SELECT count(*) FROM t") == 1);
				try (Connection c = writer.connect()) {
					CliFixture.execute(c, "INSERT INTO t (name) VALUES ('second')");
				}
				writer.forceFlush();
				await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
					.until(() -> CliFixture.count(out, "SELECT count(*) FROM t") == 2);
			}
			finally {
				follow.interrupt();
				follow.join(Duration.ofSeconds(30).toMillis());
			}
			assertThat(follow.isAlive()).isFalse();
			assertThat(result.get().out()).contains("Following branch main into " + out)
				.contains("Applied generation " + writer.generation().orElseThrow());
			assertThat(out).exists(); // the file stays for analytics
		}
	}

	@Test
	void followReadsAnEncryptedBranchWithTheKeyConfigurationOfEveryCommandAndWithoutItNamesTheKeyId()
			throws Exception {
		CliFixture fixture = new CliFixture(temp);
		String key = Base64.getEncoder().encodeToString("f".repeat(32).getBytes());
		try (BucketSQLite writer = writer(fixture).encryption(KeyRing.of(EncryptionKey.fromBase64(key))).build().start()) {
			try (Connection c = writer.connect()) {
				CliFixture.execute(c, "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)");
				CliFixture.execute(c, "INSERT INTO t (name) VALUES ('sealed'), ('rows')");
			}
			writer.forceFlush();
		}
		Path keyFile = temp.resolve("follow.key");
		Files.writeString(keyFile, key + "\n");
		Path out = temp.resolve("sealed-copy.db");
		CliFixture.Run followed = fixture.run("follow", "--encryption-key-file", keyFile.toString(), "--out",
				out.toString(), "--poll-interval", "0s", "--duration", "0s");
		assertThat(followed.exitCode()).as(followed.toString()).isZero();
		assertThat(CliFixture.count(out, "SELECT count(*) FROM t")).isEqualTo(2);

		CliFixture.Run withoutKey = fixture.run("follow", "--out", temp.resolve("plain-copy.db").toString(),
				"--poll-interval", "0s", "--duration", "0s");
		assertThat(withoutKey.exitCode()).isNotZero();
		assertThat(withoutKey.err()).contains(EncryptionKey.fromBase64(key).id());
		assertThat(followed.out() + followed.err() + withoutKey.out() + withoutKey.err()).doesNotContain(key);
	}

	private BucketSQLite.Builder writer(CliFixture fixture) {
		return BucketSQLite.builder()
			.bucket(fixture.client())
			.directory(temp.resolve("writer"))
			.flushInterval(Duration.ZERO)
			.pageDeltas(true);
	}

}
