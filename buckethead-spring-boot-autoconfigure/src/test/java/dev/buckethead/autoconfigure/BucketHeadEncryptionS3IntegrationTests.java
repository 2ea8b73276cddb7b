package dev.buckethead.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;

import javax.sql.DataSource;

import dev.buckethead.BucketSQLite;
import dev.buckethead.bucket.BucketClient;
import dev.buckethead.bucket.ObjectInfo;
import dev.buckethead.encryption.EncryptionKey;
import dev.buckethead.encryption.KeyProvider;
import dev.buckethead.encryption.KeyRing;
import dev.buckethead.replica.BucketReplica;
import dev.buckethead.test.S3TestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code buckethead.encryption.*} on a real S3 server: the database round-trips encrypted, the bucket holds no
 * plaintext, a wrong key fails the start naming the key id, and no key ever reaches the output.
 */
@ExtendWith(OutputCaptureExtension.class)
class BucketHeadEncryptionS3IntegrationTests {

	private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

	private static final String OTHER_KEY = Base64.getEncoder().encodeToString("x".repeat(32).getBytes());

	@TempDir
	Path temp;

	private S3TestServer server;

	private String bucket;

	@BeforeEach
	void createBucket() {
		this.server = S3TestServer.shared();
		this.bucket = this.server.createBucket("spring-boot-sealed");
	}

	private ApplicationContextRunner runner(String key) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(BucketHeadAutoConfiguration.class,
					BucketHeadDataSourceAutoConfiguration.class))
			.withPropertyValues("buckethead.bucket.name=" + this.bucket,
					"buckethead.database.directory=" + this.temp.resolve("live"),
					"buckethead.bucket.endpoint=" + this.server.endpoint(),
					"buckethead.bucket.region=" + this.server.region(),
					"buckethead.bucket.access-key-id=" + this.server.accessKey(),
					"buckethead.bucket.secret-access-key=" + this.server.secretKey(),
					"buckethead.encryption.key=" + key);
	}

	@Test
	void theDatabaseRoundTripsEncryptedAndNoKeyIsEverPrinted(CapturedOutput output) {
		runner(KEY).run((context) -> {
			assertThat(context).hasNotFailed();
			JdbcHelper.execute(context.getBean(DataSource.class), "CREATE TABLE t (v TEXT)",
					"INSERT INTO t VALUES ('sealed-marker-41c9')");
			assertThat(context.getBean(BucketHeadProperties.class).getEncryption().toString()).doesNotContain(KEY);
		});
		runner(KEY).run((context) -> {
			assertThat(JdbcHelper.queryString(context.getBean(DataSource.class), "SELECT v FROM t"))
				.isEqualTo("sealed-marker-41c9");
			BucketClient raw = context.getBean(BucketClient.class);
			for (ObjectInfo object : raw.list("")) {
				assertThat(new String(raw.get(object.key()).orElseThrow().data(), StandardCharsets.ISO_8859_1))
					.doesNotContain("sealed-marker-41c9", "SQLite format 3");
			}
		});
		String keyId = EncryptionKey.fromBase64(KEY).id();
		runner(OTHER_KEY).run((context) -> assertThat(context).hasFailed()
			.getFailure()
			.rootCause()
			.hasMessageContaining(keyId)
			.hasMessageContaining("buckethead.encryption.key"));
		assertThat(output).doesNotContain(KEY).doesNotContain(OTHER_KEY).doesNotContain(this.server.secretKey());
	}

	@Test
	void aReplicaWithTheSameKeyPropertiesFollowsAndOneWithoutAKeyFailsNamingTheKeyId(CapturedOutput output) {
		runner(KEY).run((context) -> JdbcHelper.execute(context.getBean(DataSource.class), "CREATE TABLE t (v TEXT)",
				"INSERT INTO t VALUES ('replicated-sealed')"));
		replicaRunner().withPropertyValues("buckethead.encryption.key=" + KEY).run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(BucketReplica.class);
			assertThat(JdbcHelper.queryString(context.getBean(DataSource.class), "SELECT v FROM t"))
				.isEqualTo("replicated-sealed");
		});
		String keyId = EncryptionKey.fromBase64(KEY).id();
		replicaRunner().run((context) -> assertThat(context).hasFailed()
			.getFailure()
			.rootCause()
			.hasMessageContaining(keyId)
			.hasMessageContaining("buckethead.encryption.key"));
		assertThat(output).doesNotContain(KEY);
	}

	/** {@code buckethead.mode=replica} on the same bucket, without encryption properties unless added. */
	private ApplicationContextRunner replicaRunner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(BucketHeadAutoConfiguration.class,
					BucketHeadReplicaAutoConfiguration.class, BucketHeadDataSourceAutoConfiguration.class,
					DataSourceAutoConfiguration.class))
			.withPropertyValues("buckethead.mode=replica", "buckethead.replica.poll-interval=0s",
					"buckethead.bucket.name=" + this.bucket,
					"buckethead.database.directory=" + this.temp.resolve("replica"),
					"buckethead.bucket.endpoint=" + this.server.endpoint(),
					"buckethead.bucket.region=" + this.server.region(),
					"buckethead.bucket.access-key-id=" + this.server.accessKey(),
					"buckethead.bucket.secret-access-key=" + this.server.secretKey());
	}

	@Test
	void aKeyProviderBeanTakesPrecedenceAndInvalidKeysFailWithoutShowingThem(CapturedOutput output) {
		KeyRing ring = KeyRing.of(EncryptionKey.fromBase64(OTHER_KEY));
		runner(KEY).withBean(KeyProvider.class, () -> ring).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(BucketSQLite.class).viewContext().bucket().describe())
				.contains(ring.primary().id());
		});
		runner("bm90LWEta2V5").run((context) -> assertThat(context).hasFailed()
			.getFailure()
			.hasStackTraceContaining("32 bytes"));
		assertThat(output).doesNotContain("bm90LWEta2V5").doesNotContain(KEY);
	}

}
