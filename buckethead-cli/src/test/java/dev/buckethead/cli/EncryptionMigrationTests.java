package dev.buckethead.cli;

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

/** The documented way to encrypt a plain database: restore it, import it under a new, encrypted snapshot key. */
class EncryptionMigrationTests {

	private static final String KEY = Base64.getEncoder().encodeToString("m".repeat(32).getBytes());

	@TempDir
	Path temp;

	@Test
	void aPlainDatabaseRestoredAndImportedUnderANewSnapshotKeyStartsEncrypted() throws Exception {
		CliFixture fixture = new CliFixture(temp);
		try (BucketSQLite db = fixture.start("main")) {
			execute(db.connection(), "CREATE TABLE t (v TEXT)");
			execute(db.connection(), "INSERT INTO t VALUES ('plain')");
			db.forceFlush();
		}
		Path file = temp.resolve("plain.db");
		assertThat(fixture.run("restore", "--out", file.toString()).exitCode()).isZero();
		Map<String, String> encrypted = new HashMap<>(fixture.environment());
		encrypted.put("BUCKETHEAD_ENCRYPTION__KEY", KEY);
		Run refused = fixture.run(encrypted, "inspect");
		assertThat(refused.exitCode()).isNotZero();
		assertThat(refused.err()).contains("unencrypted snapshots").contains("import");
		Run imported = fixture.run(encrypted, "--snapshot-key", "sealed.db", "import", file.toString());
		assertThat(imported.exitCode()).as(imported.toString()).isZero();
		try (BucketSQLite db = BucketSQLite.builder()
			.bucket(fixture.client())
			.snapshotKey("sealed.db")
			.encryption(KeyRing.of(EncryptionKey.fromBase64(KEY)))
			.storage(LiveStorage.FILE)
			.directory(temp.resolve("live-sealed"))
			.flushInterval(Duration.ZERO)
			.build()
			.start()) {
			try (var statement = db.connection().createStatement();
					var rows = statement.executeQuery("SELECT v FROM t")) {
				assertThat(rows.next()).isTrue();
				assertThat(rows.getString(1)).isEqualTo("plain");
			}
		}
	}

}
