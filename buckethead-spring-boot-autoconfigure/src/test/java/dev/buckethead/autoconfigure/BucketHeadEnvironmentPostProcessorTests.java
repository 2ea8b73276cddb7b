package dev.buckethead.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import dev.buckethead.config.BucketHeadConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.logging.DeferredLogs;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginLookup;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The original library's {@code BUCKETHEAD_*} variables and {@code config.toml} as a fallback source. */
@ExtendWith(OutputCaptureExtension.class)
class BucketHeadEnvironmentPostProcessorTests {

	@TempDir
	Path home;

	private final Map<String, Object> env = new HashMap<>();

	@Test
	void mapsTheOriginalVariables() {
		this.env.put("BUCKETHEAD_BUCKET__NAME", "my-bucket");
		this.env.put("BUCKETHEAD_BUCKET__ACCESS_KEY_ID", "AKIAEXAMPLE");
		this.env.put("BUCKETHEAD_BUCKET__SECRET_ACCESS_KEY", "s3cr3t");
		this.env.put("BUCKETHEAD_BUCKET__ENDPOINT_URL", "http://localhost:9000");
		this.env.put("BUCKETHEAD_BUCKET__CHECKSUM_MODE", "when_supported");
		this.env.put("BUCKETHEAD_SNAPSHOT__KEY", "apps/shop.db");
		this.env.put("BUCKETHEAD_SNAPSHOT__BRANCH", "staging");
		this.env.put("BUCKETHEAD_SNAPSHOT__INTERVAL_SECONDS", "2.5");
		this.env.put("BUCKETHEAD_SNAPSHOT__KEEP_GENERATIONS", "4");
		this.env.put("BUCKETHEAD_DATABASE__STORAGE", "memory");
		this.env.put("BUCKETHEAD_SNAPSHOT__ON_MISSING_HEAD", "recover_newest");
		this.env.put("BUCKETHEAD_DATABASE__KEEP_SET_ASIDE_FILES", "7");
		BucketHeadProperties properties = bind(postProcessed());
		assertThat(properties.getBucket().getName()).isEqualTo("my-bucket");
		assertThat(properties.getBucket().getAccessKeyId()).isEqualTo("AKIAEXAMPLE");
		assertThat(properties.getBucket().getSecretAccessKey()).isEqualTo("s3cr3t");
		assertThat(properties.getBucket().getEndpoint()).hasToString("http://localhost:9000");
		assertThat(properties.getBucket().getChecksumMode()).hasToString("WHEN_SUPPORTED");
		assertThat(properties.getSnapshot().getKey()).isEqualTo("apps/shop.db");
		assertThat(properties.getSnapshot().getBranch()).isEqualTo("staging");
		assertThat(properties.getSnapshot().getInterval()).isEqualTo(Duration.ofMillis(2500));
		assertThat(properties.getSnapshot().getKeepGenerations()).isEqualTo(4);
		assertThat(properties.getDatabase().getStorage()).hasToString("MEMORY");
		assertThat(properties.getSnapshot().getOnMissingHead()).hasToString("RECOVER_NEWEST");
		assertThat(properties.getDatabase().getKeepSetAsideFiles()).isEqualTo(7);
	}

	@Test
	void mapsTheBucketDeadlinesInSeconds() {
		this.env.put("BUCKETHEAD_BUCKET__CONNECT_TIMEOUT_SECONDS", "0.5");
		this.env.put("BUCKETHEAD_BUCKET__READ_TIMEOUT_SECONDS", "2");
		this.env.put("BUCKETHEAD_BUCKET__ATTEMPT_TIMEOUT_SECONDS", "2.5");
		this.env.put("BUCKETHEAD_BUCKET__CALL_TIMEOUT_SECONDS", "7");
		this.env.put("BUCKETHEAD_BUCKET__MAX_ATTEMPTS", "2");
		BucketHeadProperties.Bucket bucket = bind(postProcessed()).getBucket();
		assertThat(bucket.getConnectTimeout()).isEqualTo(Duration.ofMillis(500));
		assertThat(bucket.getReadTimeout()).isEqualTo(Duration.ofSeconds(2));
		assertThat(bucket.getAttemptTimeout()).isEqualTo(Duration.ofMillis(2500));
		assertThat(bucket.getCallTimeout()).isEqualTo(Duration.ofSeconds(7));
		assertThat(bucket.getMaxAttempts()).isEqualTo(2);
	}

	@Test
	void mapsTheShareVariablesFromTheEnvironmentAndConfigToml() throws IOException {
		writeConfigToml("""
				[env]
				BUCKETHEAD_SHARE__BUCKET = "from-file"
				BUCKETHEAD_SHARE__SECRET_ACCESS_KEY = "file-secret"
				BUCKETHEAD_SHARE__DEFAULT_LIFETIME_SECONDS = 90.5
				""");
		this.env.put("BUCKETHEAD_SHARE__BUCKET", "app-share");
		this.env.put("BUCKETHEAD_SHARE__PUBLIC_BASE_URL", "https://pub.example.com");
		this.env.put("BUCKETHEAD_SHARE__ENDPOINT_URL", "http://localhost:9000");
		this.env.put("BUCKETHEAD_SHARE__REGION", "auto");
		this.env.put("BUCKETHEAD_SHARE__ACCESS_KEY_ID", "share-id");
		this.env.put("BUCKETHEAD_SHARE__PATH_STYLE", "false");
		BucketHeadProperties.Shares shares = bind(postProcessed()).getShares();
		assertThat(shares.getBucket()).isEqualTo("app-share");
		assertThat(shares.getPublicBaseUrl()).isEqualTo("https://pub.example.com");
		assertThat(shares.getEndpoint()).hasToString("http://localhost:9000");
		assertThat(shares.getRegion()).isEqualTo("auto");
		assertThat(shares.getAccessKeyId()).isEqualTo("share-id");
		assertThat(shares.getSecretAccessKey()).isEqualTo("file-secret");
		assertThat(shares.getPathStyle()).isFalse();
		assertThat(shares.getDefaultLifetime()).isEqualTo(Duration.ofMillis(90_500));
	}

	@Test
	void mapsTheCloudflareAccount() {
		this.env.put("BUCKETHEAD_CLOUDFLARE__ACCOUNT_ID", "abc123");
		assertThat(bind(postProcessed()).getBucket().getCloudflareAccountId()).isEqualTo("abc123");
	}

	@Test
	void readsTheEnvTableOfConfigTomlUnderTheLiveVariables() throws IOException {
		writeConfigToml("""
				[env]
				BUCKETHEAD_BUCKET__NAME = "from-file"
				BUCKETHEAD_SNAPSHOT__KEY = "file.db"
				""");
		this.env.put("BUCKETHEAD_SNAPSHOT__KEY", "live.db");
		BucketHeadProperties properties = bind(postProcessed());
		assertThat(properties.getBucket().getName()).isEqualTo("from-file");
		assertThat(properties.getSnapshot().getKey()).isEqualTo("live.db");
	}

	@Test
	void springFormVariablesBeatOriginalFormVariablesWhichBeatApplicationYaml() {
		this.env.put("BUCKETHEAD_BUCKET__ENDPOINT_URL", "http://original-form:9000");
		this.env.put("BUCKETHEAD_BUCKET_ENDPOINT", "http://spring-form:9000");
		this.env.put("BUCKETHEAD_BUCKET__ACCESS_KEY_ID", "from-variable");
		StandardEnvironment environment = environment();
		// Config data (application.yml) is added below the environment, as Spring Boot does.
		environment.getPropertySources()
			.addLast(new MapPropertySource("application.yml",
					Map.of("buckethead.bucket.access-key-id", "from-yaml", "buckethead.bucket.region", "eu-west-1")));
		process(environment);
		BucketHeadProperties properties = bind(environment);
		assertThat(properties.getBucket().getEndpoint()).hasToString("http://spring-form:9000");
		assertThat(properties.getBucket().getAccessKeyId()).isEqualTo("from-variable");
		assertThat(properties.getBucket().getRegion()).isEqualTo("eu-west-1");
	}

	@Test
	void applicationYamlBeatsConfigToml() throws IOException {
		writeConfigToml("""
				[env]
				BUCKETHEAD_BUCKET__REGION = "from-file"
				BUCKETHEAD_BUCKET__ACCESS_KEY_ID = "key-from-file"
				""");
		StandardEnvironment environment = environment();
		environment.getPropertySources()
			.addLast(new MapPropertySource("application.yml", Map.of("buckethead.bucket.region", "from-yaml")));
		process(environment);
		BucketHeadProperties properties = bind(environment);
		assertThat(properties.getBucket().getRegion()).isEqualTo("from-yaml");
		assertThat(properties.getBucket().getAccessKeyId()).isEqualTo("key-from-file");
	}

	@Test
	void aBlankVariableHidesTheFilesValue() throws IOException {
		writeConfigToml("""
				[env]
				BUCKETHEAD_BUCKET__REGION = "from-file"
				""");
		this.env.put("BUCKETHEAD_BUCKET__REGION", "");
		assertThat(bind(postProcessed()).getBucket().getRegion()).isNull();
	}

	/** Why the original-form variables rank with the environment: Spring already reads the one-word ones there. */
	@Test
	void springItselfReadsOneWordOriginalVariables() {
		this.env.put("BUCKETHEAD_BUCKET__NAME", "original-form");
		this.env.put("BUCKETHEAD_BUCKET__ACCESS_KEY_ID", "not-read-by-spring");
		BucketHeadProperties properties = bind(environment());
		assertThat(properties.getBucket().getName()).isEqualTo("original-form");
		assertThat(properties.getBucket().getAccessKeyId()).isNull();
	}

	@Test
	void valuesKeepTheirOriginForErrorMessages() throws IOException {
		writeConfigToml("""
				[env]
				BUCKETHEAD_SNAPSHOT__BRANCH = "from-file"
				""");
		this.env.put("bucketHead_bucket__name", "my-bucket");
		StandardEnvironment environment = postProcessed();
		assertThat(origin(environment, BucketHeadEnvironmentPostProcessor.ENVIRONMENT_SOURCE_NAME,
				"buckethead.bucket.name"))
			.hasToString("System Environment Property \"bucketHead_bucket__name\"");
		assertThat(origin(environment, BucketHeadEnvironmentPostProcessor.CONFIG_FILE_SOURCE_NAME,
				"buckethead.snapshot.branch")
			.toString()).contains("BUCKETHEAD_SNAPSHOT__BRANCH in the [env] table of").contains("config.toml");
	}

	@SuppressWarnings("unchecked")
	private static Origin origin(StandardEnvironment environment, String sourceName, String property) {
		PropertySource<?> source = environment.getPropertySources().get(sourceName);
		assertThat(source).isInstanceOf(OriginLookup.class);
		return ((OriginLookup<String>) source).getOrigin(property);
	}

	@Test
	void warnsOnceAboutUnknownPropertiesNamingTheNearestKnownOne(CapturedOutput output) {
		StandardEnvironment environment = environment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("application", Map.of("buckethead.bukcet.name", "typo",
					"buckethead.snapshot.intervall", "5s", "buckethead.bucket.name", "fine",
					"buckethead.tracker.paths[0]", "/data", "buckethead.bucket.accessKeyId", "relaxed",
					"buckethead.test.work-dir", "/tmp/test-support")));
		this.env.put("BUCKETHEAD_BUCKET__NMAE", "typo");
		DeferredLogs logs = new DeferredLogs();
		new BucketHeadEnvironmentPostProcessor(logs).postProcessEnvironment(environment, new SpringApplication());
		logs.switchOverAll();
		assertThat(output).containsOnlyOnce("Ignoring buckethead.* properties that BucketHead does not know")
			.contains("buckethead.bukcet.name (did you mean buckethead.bucket.name?)")
			.contains("buckethead.snapshot.intervall (did you mean buckethead.snapshot.interval?)")
			.contains("BUCKETHEAD_BUCKET__NMAE (did you mean BUCKETHEAD_BUCKET__NAME?)")
			.doesNotContain("buckethead.tracker.paths")
			.doesNotContain("buckethead.test.work-dir")
			.doesNotContain("accesskeyid");
	}

	@Test
	void knowsEveryPropertyInTheMetadata() {
		assertThat(UnknownProperties.known(getClass().getClassLoader())).contains("buckethead.bucket.name",
				"buckethead.snapshot.interval", "buckethead.datasource.enabled", "buckethead.enabled");
	}

	@Test
	void addsNothingWithoutSettings() {
		this.env.put("PATH", "/usr/bin");
		StandardEnvironment environment = postProcessed();
		assertThat(environment.getPropertySources().contains(BucketHeadEnvironmentPostProcessor.ENVIRONMENT_SOURCE_NAME))
			.isFalse();
		assertThat(environment.getPropertySources().contains(BucketHeadEnvironmentPostProcessor.CONFIG_FILE_SOURCE_NAME))
			.isFalse();
	}

	@Test
	void anUnreadableConfigTomlFailsClearly() throws IOException {
		writeConfigToml("[env\nBUCKETHEAD_BUCKET__NAME = ");
		assertThatExceptionOfType(BucketHeadConfigException.class).isThrownBy(this::postProcessed)
			.withMessageContaining("config.toml");
	}

	@Test
	void isRegisteredWithSpringApplication() throws IOException {
		Path properties = this.home.resolve("application.properties");
		Files.writeString(properties, """
				buckethead.bucket.endpoint=http://from-properties:9000
				buckethead.bucket.region=from-properties
				""");
		writeConfigToml("""
				[env]
				BUCKETHEAD_BUCKET__REGION = "from-file"
				BUCKETHEAD_SNAPSHOT__KEY = "file.db"
				""");
		this.env.put("BUCKETHEAD_BUCKET__ENDPOINT_URL", "http://from-variable:9000");
		SpringApplication application = new SpringApplication(Empty.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setBannerMode(Banner.Mode.OFF);
		application.setEnvironment(environment());
		try (ConfigurableApplicationContext context = application.run("--buckethead.enabled=false",
				"--spring.config.location=file:" + properties)) {
			assertThat(context.getEnvironment().getProperty("buckethead.bucket.endpoint"))
				.isEqualTo("http://from-variable:9000");
			assertThat(context.getEnvironment().getProperty("buckethead.bucket.region")).isEqualTo("from-properties");
			assertThat(context.getEnvironment().getProperty("buckethead.snapshot.key")).isEqualTo("file.db");
		}
	}

	private void writeConfigToml(String content) throws IOException {
		Path file = this.home.resolve(".config/buckethead/config.toml");
		Files.createDirectories(file.getParent());
		Files.writeString(file, content);
	}

	private StandardEnvironment postProcessed() {
		StandardEnvironment environment = environment();
		process(environment);
		return environment;
	}

	private void process(StandardEnvironment environment) {
		new BucketHeadEnvironmentPostProcessor(new DeferredLogs()).postProcessEnvironment(environment,
				new SpringApplication());
	}

	/** An environment whose variables and home directory are this test's. */
	private StandardEnvironment environment() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
					StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, this.env));
		environment.getPropertySources()
			.addFirst(new MapPropertySource("test-home", Map.of("user.home", this.home.toString())));
		return environment;
	}

	private static BucketHeadProperties bind(StandardEnvironment environment) {
		return Binder.get(environment)
			.bind("buckethead", Bindable.ofInstance(new BucketHeadProperties()))
			.orElseGet(BucketHeadProperties::new);
	}

	@Configuration(proxyBeanMethods = false)
	static class Empty {

	}

}
