package dev.buckethead.config;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import dev.buckethead.bucket.BucketConfig;
import dev.buckethead.bucket.BucketTimeouts;
import dev.buckethead.bucket.ChecksumMode;
import dev.buckethead.live.LiveStorage;
import dev.buckethead.snapshot.OnMissingHead;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.entry;

class BucketHeadSettingsTests {

	@TempDir
	Path dir;

	@Test
	void doubleUnderscoreNestsNames() {
		BucketHeadSettings settings = BucketHeadSettings.from(Map.of("BUCKETHEAD_BUCKET__NAME", "photos",
				"BUCKETHEAD_SNAPSHOT__INTERVAL_SECONDS", "30", "BUCKETHEAD_DATABASE__STORAGE", "Memory"), null);
		assertThat(settings.bucketName()).contains("photos");
		assertThat(settings.snapshotInterval()).contains(Duration.ofSeconds(30));
		assertThat(settings.databaseStorage()).contains(LiveStorage.MEMORY);
		assertThat(settings.asProperties()).containsExactly(entry("bucket.name", "photos"),
				entry("database.storage", "Memory"), entry("snapshot.interval_seconds", "30"));
	}

	@Test
	void namesAreMatchedIgnoringCaseAndValuesTrimmed() {
		BucketHeadSettings settings = BucketHeadSettings
			.from(Map.of("buckethead_bucket__region", " eu-west-1 ", "BUCKETHEAD_SNAPSHOT__INTERVAL_SECONDS", "0.5"), null);
		assertThat(settings.region()).contains("eu-west-1");
		assertThat(settings.snapshotInterval()).contains(Duration.ofMillis(500));
	}

	@Test
	void liveEnvironmentWinsOverTheConfigFile() throws IOException {
		Path toml = write("""
				[projects.demo]
				share_bucket = "ignored"

				[env]
				BUCKETHEAD_BUCKET__NAME = "from-file"
				BUCKETHEAD_BUCKET__REGION = "eu-central-1"
				BUCKETHEAD_BUCKET__PATH_STYLE = false
				BUCKETHEAD_SNAPSHOT__KEEP_GENERATIONS = 5
				OTHER_TOOL_VAR = "x"
				""");
		BucketHeadSettings settings = BucketHeadSettings.from(Map.of("BUCKETHEAD_BUCKET__NAME", "from-env"), toml);
		assertThat(settings.bucketName()).contains("from-env");
		assertThat(settings.region()).contains("eu-central-1");
		assertThat(settings.pathStyle()).contains(false);
		assertThat(settings.snapshotKeepGenerations()).contains(5);
		assertThat(settings.unknownKeys()).isEmpty();
	}

	@Test
	void anEmptyVariableHidesTheFileValue() throws IOException {
		Path toml = write("""
				[env]
				BUCKETHEAD_BUCKET__ENDPOINT_URL = "http://localhost:9000"
				""");
		BucketHeadSettings settings = BucketHeadSettings.from(Map.of("BUCKETHEAD_BUCKET__ENDPOINT_URL", ""), toml);
		assertThat(settings.endpointUrl()).isEmpty();
		assertThat(settings.asProperties()).isEmpty();
	}

	@Test
	void aMissingConfigFileAddsNothing() {
		BucketHeadSettings settings = BucketHeadSettings.from(Map.of(), dir.resolve("absent.toml"));
		assertThat(settings.asProperties()).isEmpty();
		assertThat(settings.hasBucket()).isFalse();
	}

	@Test
	void malformedTomlNamesTheFileAndLine() throws IOException {
		Path toml = write("""
				[env]
				BUCKETHEAD_BUCKET__NAME = "unterminated
				""");
		assertThatExceptionOfType(BucketHeadConfigException.class)
			.isThrownBy(() -> BucketHeadSettings.from(Map.of(), toml))
			.withMessageContaining(toml.toString())
			.withMessageContaining("is not valid TOML at line 2");
	}

	@Test
	void envEntriesMustBePlainValues() throws IOException {
		Path toml = write("""
				[env]
				BUCKETHEAD_BUCKET__NAME = ["a", "b"]
				""");
		assertThatExceptionOfType(BucketHeadConfigException.class)
			.isThrownBy(() -> BucketHeadSettings.from(Map.of(), toml))
			.withMessageContaining(toml.toString())
			.withMessageContaining("'BUCKETHEAD_BUCKET__NAME' of type array");
	}

	@Test
	void anUnreadableConfigFileIsNamed() throws IOException {
		Path notAFile = Files.createDirectory(dir.resolve("config.toml"));
		assertThatExceptionOfType(BucketHeadConfigException.class)
			.isThrownBy(() -> BucketHeadSettings.from(Map.of(), notAFile))
			.withMessageContaining(notAFile + " cannot be read");
	}

	@Test
	void cloudflareAccountIdGivesTheR2Endpoint() {
		BucketConfig config = BucketHeadSettings.from(Map.of("BUCKETHEAD_BUCKET__NAME", "photos",
				"BUCKETHEAD_CLOUDFLARE__ACCOUNT_ID", "abc123", "BUCKETHEAD_BUCKET__ACCESS_KEY_ID", "AKID",
				"BUCKETHEAD_BUCKET__SECRET_ACCESS_KEY", "s3cr3t"), null)
			.toBucketConfig();
		assertThat(config.endpoint()).isEqualTo(URI.create("https://abc123.r2.cloudflarestorage.com"));
		assertThat(config.region()).isEqualTo("auto");
		assertThat(config.accessKeyId()).isEqualTo("AKID");
		assertThat(config.secretAccessKey()).isEqualTo("s3cr3t");
	}

	@Test
	void anExplicitEndpointWinsOverTheAccountId() {
		BucketConfig config = BucketHeadSettings.from(Map.of("BUCKETHEAD_BUCKET__NAME", "photos",
				"BUCKETHEAD_CLOUDFLARE__ACCOUNT_ID", "abc123", "BUCKETHEAD_BUCKET__ENDPOINT_URL",
				"http://localhost:9000", "BUCKETHEAD_BUCKET__PATH_STYLE", "no", "BUCKETHEAD_BUCKET__CHECKSUM_MODE",
				"when_supported"), null)
			.toBucketConfig();
		assertThat(config.endpoint()).isEqualTo(URI.create("http://localhost:9000"));
		assertThat(config.region()).isEqualTo("us-east-1");
		assertThat(config.pathStyle()).isFalse();
		assertThat(config.checksumMode()).isEqualTo(ChecksumMode.WHEN_SUPPORTED);
		assertThat(config.accessKeyId()).isNull();
	}

	@Test
	void missingNameAndHalfCredentialsAreReportedTogether() {
		BucketHeadSettings settings = BucketHeadSettings.from(Map.of("BUCKETHEAD_BUCKET__ACCESS_KEY_ID", "AKID"), null);
		assertThatExceptionOfType(BucketHeadConfigException.class).isThrownBy(settings::toBucketConfig)
			.satisfies((ex) -> assertThat(ex.problems()).hasSize(2))
			.withMessageContaining("BUCKETHEAD_BUCKET__NAME")
			.withMessageContaining("BUCKETHEAD_BUCKET__SECRET_ACCESS_KEY");
	}

	@Test
	void invalidValuesAreReportedWithTheBuilderProblems() {
		BucketHeadSettings settings = BucketHeadSettings.from(Map.of("BUCKETHEAD_CLOUDFLARE__ACCOUNT_ID", "not valid!",
				"BUCKETHEAD_BUCKET__PATH_STYLE", "maybe", "BUCKETHEAD_BUCKET__CHECKSUM_MODE", "sometimes"), null);
		assertThatExceptionOfType(BucketHeadConfigException.class).isThrownBy(settings::toBucketConfig)
			.satisfies((ex) -> assertThat(ex.problems()).hasSize(4))
			.withMessageContaining("BUCKETHEAD_CLOUDFLARE__ACCOUNT_ID (cloudflare.account_id) is invalid, got "
					+ "'not valid!': Cloudflare account id must be 1-64 letters or digits")
			.withMessageContaining("BUCKETHEAD_BUCKET__PATH_STYLE (bucket.path_style) is invalid, got 'maybe': "
					+ "expected true or false")
			.withMessageContaining("got 'sometimes': expected when_required or when_supported")
			.withMessageContaining("bucket name is missing");
	}

	@Test
	void bucketDeadlinesComeFromTheirVariablesInSecondsOverTheDefaults() {
		BucketHeadSettings settings = BucketHeadSettings.from(Map.of("BUCKETHEAD_BUCKET__NAME", "photos",
				"BUCKETHEAD_BUCKET__ATTEMPT_TIMEOUT_SECONDS", "1.5", "BUCKETHEAD_BUCKET__CALL_TIMEOUT_SECONDS", "4",
				"BUCKETHEAD_BUCKET__MAX_ATTEMPTS", "2"), null);
		assertThat(settings.toBucketConfig().timeouts()).isEqualTo(BucketTimeouts.defaults()
			.withAttemptTimeout(Duration.ofMillis(1500))
			.withCallTimeout(Duration.ofSeconds(4))
			.withMaxAttempts(2));
		assertThat(BucketHeadSettings.from(Map.of(), null).bucketTimeouts()).isEqualTo(BucketTimeouts.defaults());
	}

	@Test
	void invalidBucketDeadlinesAreReportedWithTheOtherProblems() {
		BucketHeadSettings settings = BucketHeadSettings.from(Map.of("BUCKETHEAD_BUCKET__NAME", "photos",
				"BUCKETHEAD_BUCKET__CONNECT_TIMEOUT_SECONDS", "soon", "BUCKETHEAD_BUCKET__ATTEMPT_TIMEOUT_SECONDS", "30",
				"BUCKETHEAD_BUCKET__PATH_STYLE", "maybe"), null);
		assertThatExceptionOfType(BucketHeadConfigException.class).isThrownBy(settings::toBucketConfig)
			.satisfies((ex) -> assertThat(ex.problems()).hasSize(2))
			.withMessageContaining("BUCKETHEAD_BUCKET__CONNECT_TIMEOUT_SECONDS (bucket.connect_timeout_seconds) is "
					+ "invalid, got 'soon': expected a positive number of seconds")
			.withMessageContaining("BUCKETHEAD_BUCKET__PATH_STYLE");
		BucketHeadSettings tooLong = BucketHeadSettings
			.from(Map.of("BUCKETHEAD_BUCKET__ATTEMPT_TIMEOUT_SECONDS", "30"), null);
		assertThatExceptionOfType(BucketHeadConfigException.class).isThrownBy(tooLong::bucketTimeouts)
			.withMessageContaining("the attempt timeout (PT30S) must not be longer than the call timeout (PT15S)");
	}

	@Test
	void typedAccessorsNameTheVariable() {
		BucketHeadSettings settings = BucketHeadSettings.from(Map.of("BUCKETHEAD_SNAPSHOT__INTERVAL_SECONDS", "-1",
				"BUCKETHEAD_SNAPSHOT__KEEP_GENERATIONS", "lots", "BUCKETHEAD_DATABASE__STORAGE", "disk"), null);
		assertThatExceptionOfType(BucketHeadConfigException.class).isThrownBy(settings::snapshotInterval)
			.withMessageContaining("BUCKETHEAD_SNAPSHOT__INTERVAL_SECONDS")
			.withMessageContaining("expected a positive number of seconds");
		assertThatExceptionOfType(BucketHeadConfigException.class).isThrownBy(settings::snapshotKeepGenerations)
			.withMessageContaining("BUCKETHEAD_SNAPSHOT__KEEP_GENERATIONS");
		assertThatExceptionOfType(BucketHeadConfigException.class).isThrownBy(settings::databaseStorage)
			.withMessageContaining("expected file or memory");
	}

	@Test
	void recoverySettingsAcceptBothSpellingsAndNameTheVariableWhenWrong() {
		assertThat(BucketHeadSettings.from(Map.of("BUCKETHEAD_SNAPSHOT__ON_MISSING_HEAD", "recover_newest",
				"BUCKETHEAD_DATABASE__KEEP_SET_ASIDE_FILES", "3"), null).snapshotOnMissingHead())
			.contains(OnMissingHead.RECOVER_NEWEST);
		assertThat(BucketHeadSettings.from(Map.of("BUCKETHEAD_SNAPSHOT__ON_MISSING_HEAD", "Recover-Newest"), null)
			.snapshotOnMissingHead()).contains(OnMissingHead.RECOVER_NEWEST);
		BucketHeadSettings wrong = BucketHeadSettings.from(Map.of("BUCKETHEAD_SNAPSHOT__ON_MISSING_HEAD", "ignore",
				"BUCKETHEAD_DATABASE__KEEP_SET_ASIDE_FILES", "0"), null);
		assertThatExceptionOfType(BucketHeadConfigException.class).isThrownBy(wrong::snapshotOnMissingHead)
			.withMessageContaining("BUCKETHEAD_SNAPSHOT__ON_MISSING_HEAD")
			.withMessageContaining("expected fail or recover_newest");
		assertThatExceptionOfType(BucketHeadConfigException.class).isThrownBy(wrong::databaseKeepSetAsideFiles)
			.withMessageContaining("BUCKETHEAD_DATABASE__KEEP_SET_ASIDE_FILES")
			.withMessageContaining("at least 1");
	}

	@Test
	void secretsAreRedactedFromToString() {
		BucketHeadSettings settings = BucketHeadSettings.from(Map.of("BUCKETHEAD_BUCKET__NAME", "photos",
				"BUCKETHEAD_BUCKET__ACCESS_KEY_ID", "AKIDVALUE", "BUCKETHEAD_BUCKET__SECRET_ACCESS_KEY", "TOPSECRET"),
				null);
		assertThat(settings.toString()).contains("bucket.name=photos")
			.contains("bucket.secret_access_key=<redacted>")
			.doesNotContain("TOPSECRET")
			.doesNotContain("AKIDVALUE");
		assertThat(settings.asProperties()).containsEntry("bucket.secret_access_key", "TOPSECRET");
	}

	@Test
	void encryptionKeysAreReadRedactedAndRefusedWithoutShowingThem() throws IOException {
		String key = java.util.Base64.getEncoder().encodeToString(new byte[32]);
		String old = java.util.Base64.getEncoder().encodeToString("o".repeat(32).getBytes(StandardCharsets.UTF_8));
		BucketHeadSettings settings = BucketHeadSettings.from(Map.of("BUCKETHEAD_ENCRYPTION__KEY", key,
				"BUCKETHEAD_ENCRYPTION__OLD_KEYS", old), null);
		assertThat(settings.toString()).contains("encryption.key=<redacted>").doesNotContain(key).doesNotContain(old);
		dev.buckethead.encryption.KeyRing ring = settings.encryptionKeys().orElseThrow();
		assertThat(ring.ids()).hasSize(2);
		assertThat(ring.primary()).isEqualTo(dev.buckethead.encryption.EncryptionKey.fromBase64(key));
		assertThat(ring.toString()).doesNotContain(key).doesNotContain(old);

		Path file = write(key + "\n");
		assertThat(BucketHeadSettings.from(Map.of("BUCKETHEAD_ENCRYPTION__KEY_FILE", file.toString()), null)
			.encryptionKeys()).hasValueSatisfying((fromFile) -> assertThat(fromFile.primary()).isEqualTo(ring.primary()));
		assertThat(BucketHeadSettings.from(Map.of(), null).encryptionKeys()).isEmpty();
		assertThatExceptionOfType(BucketHeadConfigException.class)
			.isThrownBy(() -> BucketHeadSettings.from(Map.of("BUCKETHEAD_ENCRYPTION__KEY", key,
					"BUCKETHEAD_ENCRYPTION__KEY_FILE", file.toString()), null).encryptionKeys())
			.withMessageContaining("set one of them");
		assertThatExceptionOfType(dev.buckethead.BucketHeadException.class)
			.isThrownBy(() -> BucketHeadSettings.from(Map.of("BUCKETHEAD_ENCRYPTION__KEY", "c2hvcnQ="), null)
				.encryptionKeys())
			.withMessageContaining("32 bytes")
			.withMessageNotContaining("c2hvcnQ=");
	}

	@Test
	void unknownBucketHeadVariablesAreReported() throws IOException {
		Path toml = write("""
				[env]
				BUCKETHEAD_SNAPSHOTS__KEY = "typo-in-file"
				""");
		BucketHeadSettings settings = BucketHeadSettings.from(
				Map.of("BUCKETHEAD_BUCKET_NAME", "typo", "PATH", "/usr/bin", "AWS_REGION", "eu-west-1"), toml);
		assertThat(settings.unknownKeys()).containsExactly("BUCKETHEAD_BUCKET_NAME", "BUCKETHEAD_SNAPSHOTS__KEY");
		assertThat(settings.bucketName()).isEmpty();
	}

	@Test
	void hasBucketOnlyWithABucketSetting() {
		assertThat(BucketHeadSettings.from(Map.of("BUCKETHEAD_SNAPSHOT__BRANCH", "main"), null).hasBucket()).isFalse();
		assertThat(BucketHeadSettings.from(Map.of("BUCKETHEAD_CLOUDFLARE__ACCOUNT_ID", "abc"), null).hasBucket())
			.isTrue();
		assertThat(BucketHeadSettings.from(Map.of("BUCKETHEAD_BUCKET__NAME", "b"), null).hasBucket()).isTrue();
	}

	@Test
	void shareSettingsAreKnownFromEitherSourceAndTheirSecretsRedacted() throws IOException {
		Path toml = write("""
				[env]
				BUCKETHEAD_SHARE__BUCKET = "from-file"
				BUCKETHEAD_SHARE__PUBLIC_BASE_URL = "https://pub.example.com"
				BUCKETHEAD_SHARE__DEFAULT_LIFETIME_SECONDS = 600
				BUCKETHEAD_SHARE__SECRET_ACCESS_KEY = "FILESECRET"
				""");
		BucketHeadSettings settings = BucketHeadSettings.from(Map.of("BUCKETHEAD_SHARE__BUCKET", "from-env",
				"buckethead_share__endpoint_url", "http://localhost:9000", "BUCKETHEAD_SHARE__REGION", "auto",
				"BUCKETHEAD_SHARE__ACCESS_KEY_ID", "SHAREID", "BUCKETHEAD_SHARE__PATH_STYLE", "true"), toml);
		assertThat(settings.unknownKeys()).isEmpty();
		assertThat(settings.hasBucket()).isFalse();
		assertThat(settings.asProperties()).containsOnlyKeys("share.bucket", "share.public_base_url",
				"share.default_lifetime_seconds", "share.secret_access_key", "share.endpoint_url", "share.region",
				"share.access_key_id", "share.path_style")
			.containsEntry("share.bucket", "from-env");
		assertThat(settings.asVariables()).containsEntry("BUCKETHEAD_SHARE__BUCKET", "from-env")
			.containsEntry("BUCKETHEAD_SHARE__ENDPOINT_URL", "http://localhost:9000")
			.containsEntry("BUCKETHEAD_SHARE__DEFAULT_LIFETIME_SECONDS", "600");
		assertThat(settings.toString()).contains("share.bucket=from-env")
			.contains("share.secret_access_key=<redacted>")
			.doesNotContain("FILESECRET")
			.doesNotContain("SHAREID");
	}

	private Path write(String toml) throws IOException {
		return Files.writeString(dir.resolve("config.toml"), toml);
	}

}
