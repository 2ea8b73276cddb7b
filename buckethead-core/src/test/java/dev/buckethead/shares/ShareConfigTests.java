package dev.buckethead.shares;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import dev.buckethead.config.BucketHeadConfigException;
import dev.buckethead.config.BucketHeadSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** {@code BUCKETHEAD_SHARE__*} variables, defaulting to the main bucket's settings. */
class ShareConfigTests {

	static final Map<String, String> MAIN = Map.of("BUCKETHEAD_BUCKET__NAME", "app-data",
			"BUCKETHEAD_BUCKET__ENDPOINT_URL", "http://minio.local:9000", "BUCKETHEAD_BUCKET__REGION", "eu-west-1",
			"BUCKETHEAD_BUCKET__ACCESS_KEY_ID", "main-id", "BUCKETHEAD_BUCKET__SECRET_ACCESS_KEY", "main-secret",
			"BUCKETHEAD_BUCKET__PATH_STYLE", "false");

	@Test
	void noShareBucketMeansNotConfigured() {
		assertThat(ShareConfig.fromSettings(MAIN, settings(MAIN))).isEmpty();
	}

	@Test
	void aShareBucketAloneTakesEverythingElseFromTheMainBucket() {
		ShareConfig config = ShareConfig
			.fromSettings(Map.of("buckethead_share__bucket", " app-share "), settings(MAIN))
			.orElseThrow();

		assertThat(config.bucket()).isEqualTo("app-share");
		assertThat(config.bucketConfig().endpoint()).isEqualTo(URI.create("http://minio.local:9000"));
		assertThat(config.bucketConfig().region()).isEqualTo("eu-west-1");
		assertThat(config.bucketConfig().accessKeyId()).isEqualTo("main-id");
		assertThat(config.bucketConfig().secretAccessKey()).isEqualTo("main-secret");
		assertThat(config.bucketConfig().pathStyle()).isFalse();
		assertThat(config.isPublic()).isFalse();
		assertThat(config.defaultLifetime()).isEqualTo(Duration.ofHours(1));
	}

	@Test
	void shareVariablesWinOverTheMainBucket() {
		Map<String, String> env = Map.of("BUCKETHEAD_SHARE__BUCKET", "pub-share",
				"BUCKETHEAD_SHARE__PUBLIC_BASE_URL", "https://files.example.com/", "BUCKETHEAD_SHARE__ENDPOINT_URL",
				"https://acct.r2.cloudflarestorage.com", "BUCKETHEAD_SHARE__REGION", "auto",
				"BUCKETHEAD_SHARE__ACCESS_KEY_ID", "share-id", "BUCKETHEAD_SHARE__SECRET_ACCESS_KEY", "share-secret",
				"BUCKETHEAD_SHARE__PATH_STYLE", "yes", "BUCKETHEAD_SHARE__DEFAULT_LIFETIME_SECONDS", "90");

		ShareConfig config = ShareConfig.fromSettings(env, settings(MAIN)).orElseThrow();

		assertThat(config.publicBaseUrl()).isEqualTo("https://files.example.com");
		assertThat(config.bucketConfig().endpoint()).isEqualTo(URI.create("https://acct.r2.cloudflarestorage.com"));
		assertThat(config.bucketConfig().region()).isEqualTo("auto");
		assertThat(config.bucketConfig().accessKeyId()).isEqualTo("share-id");
		assertThat(config.bucketConfig().pathStyle()).isTrue();
		assertThat(config.defaultLifetime()).isEqualTo(Duration.ofSeconds(90));
		assertThat(config.toString()).contains("pub-share").doesNotContain("share-secret").doesNotContain("share-id");
	}

	@Test
	void everyInvalidSettingIsListedAtOnceWithoutSecrets() {
		Map<String, String> env = Map.of("BUCKETHEAD_SHARE__BUCKET", "Not_A_Bucket",
				"BUCKETHEAD_SHARE__PUBLIC_BASE_URL", "files.example.com", "BUCKETHEAD_SHARE__PATH_STYLE", "maybe",
				"BUCKETHEAD_SHARE__DEFAULT_LIFETIME_SECONDS", "1000000", "BUCKETHEAD_SHARE__SECRET_ACCESS_KEY",
				"lonely-secret");

		assertThatExceptionOfType(BucketHeadConfigException.class)
			.isThrownBy(() -> ShareConfig.fromSettings(env, settings(Map.of())))
			.satisfies((ex) -> {
				assertThat(ex.problems()).hasSize(5);
				assertThat(ex.getMessage()).contains("BUCKETHEAD_SHARE__PATH_STYLE is invalid, got 'maybe'")
					.contains("'Not_A_Bucket' is not a valid S3 bucket name")
					.contains("public base URL 'files.example.com'")
					.contains("at most 7 days")
					.contains("access key id and secret access key must be given together")
					.doesNotContain("lonely-secret");
			});
	}

	@Test
	void settingsFromTheConfigFileConfigureTheShareBucketUnderTheEnvironment(@TempDir Path dir) throws IOException {
		Path toml = Files.writeString(dir.resolve("config.toml"), """
				[env]
				BUCKETHEAD_BUCKET__NAME = "app-data"
				BUCKETHEAD_BUCKET__ENDPOINT_URL = "http://minio.local:9000"
				BUCKETHEAD_BUCKET__ACCESS_KEY_ID = "main-id"
				BUCKETHEAD_BUCKET__SECRET_ACCESS_KEY = "main-secret"
				BUCKETHEAD_SHARE__BUCKET = "file-share"
				BUCKETHEAD_SHARE__PUBLIC_BASE_URL = "https://files.example.com"
				BUCKETHEAD_SHARE__DEFAULT_LIFETIME_SECONDS = 120
				""");
		// A variable beats the file, and a blank one hides the file's value.
		BucketHeadSettings settings = BucketHeadSettings
			.from(Map.of("BUCKETHEAD_SHARE__BUCKET", "env-share", "BUCKETHEAD_SHARE__PUBLIC_BASE_URL", " "), toml);

		ShareConfig config = ShareConfig.fromSettings(settings).orElseThrow();

		assertThat(config.bucket()).isEqualTo("env-share");
		assertThat(config.isPublic()).isFalse();
		assertThat(config.defaultLifetime()).isEqualTo(Duration.ofSeconds(120));
		assertThat(config.bucketConfig().endpoint()).isEqualTo(URI.create("http://minio.local:9000"));
		assertThat(config.bucketConfig().accessKeyId()).isEqualTo("main-id");
		assertThat(ShareConfig.fromSettings(settings(MAIN))).isEmpty();
	}

	private static BucketHeadSettings settings(Map<String, String> env) {
		return BucketHeadSettings.from(env, null);
	}

}
