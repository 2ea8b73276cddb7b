package dev.buckethead.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import dev.buckethead.BucketSQLite;
import dev.buckethead.cli.CliFixture.Run;
import dev.buckethead.encryption.EncryptionKey;
import dev.buckethead.encryption.KeyRing;
import dev.buckethead.live.LiveStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.buckethead.cli.CliFixture.execute;
import static org.assertj.core.api.Assertions.assertThat;

/** The tool on an encrypted bucket: the same key configuration as the library, rotation, and no key printed. */
class EncryptionCommandsTests {

	private static final String OLD = Base64.getEncoder().encodeToString(new byte[32]);

	private static final String NEW = Base64.getEncoder().encodeToString("n".repeat(32).getBytes());

	@TempDir
	Path temp;

	@Test
	void commandsReadAnEncryptedBucketAndRotateReSealsItForTheNewKeyAlone() throws Exception {
		CliFixture fixture = new CliFixture(temp);
		try (BucketSQLite db = BucketSQLite.builder()
			.bucket(fixture.client())
			.storage(LiveStorage.FILE)
			.directory(temp.resolve("live"))
			.flushInterval(Duration.ZERO)
			.encryption(KeyRing.of(EncryptionKey.fromBase64(OLD)))
			.build()
			.start()) {
			execute(db.connection(), "CREATE TABLE t (v TEXT)");
			execute(db.connection(), "INSERT INTO t VALUES ('sealed')");
			db.forceFlush();
		}
		Run plain = fixture.run("inspect");
		assertThat(plain.exitCode()).isNotZero();
		assertThat(plain.err()).contains(EncryptionKey.fromBase64(OLD).id()).contains("BUCKETHEAD_ENCRYPTION__KEY");

		Path keyFile = temp.resolve("old.key");
		Files.writeString(keyFile, OLD + "\n");
		Run inspect = fixture.run("inspect", "--encryption-key-file", keyFile.toString());
		assertThat(inspect.exitCode()).as(inspect.toString()).isZero();

		Map<String, String> rotating = new HashMap<>(fixture.environment());
		rotating.put("BUCKETHEAD_ENCRYPTION__KEY", NEW);
		rotating.put("BUCKETHEAD_ENCRYPTION__OLD_KEYS", OLD);
		Run rotate = fixture.run(rotating, "encryption", "rotate", "--json");
		assertThat(rotate.exitCode()).as(rotate.toString()).isZero();
		assertThat(rotate.json().get("resealed").asInt()).isPositive();
		assertThat(rotate.json().get("primaryKeyId").asString()).isEqualTo(EncryptionKey.fromBase64(NEW).id());

		Map<String, String> newOnly = new HashMap<>(fixture.environment());
		newOnly.put("BUCKETHEAD_ENCRYPTION__KEY", NEW);
		Run restore = fixture.run(newOnly, "restore", "--out", temp.resolve("restored.db").toString());
		assertThat(restore.exitCode()).as(restore.toString()).isZero();
		assertThat(Files.size(temp.resolve("restored.db"))).isPositive();
		for (Run run : new Run[] { plain, inspect, rotate, restore }) {
			assertThat(run.out() + run.err()).doesNotContain(OLD).doesNotContain(NEW);
		}
	}

}
