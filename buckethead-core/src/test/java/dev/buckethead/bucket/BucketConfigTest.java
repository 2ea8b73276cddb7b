package dev.buckethead.bucket;

import java.net.URI;
import java.time.Duration;

import dev.buckethead.config.BucketHeadConfigException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class BucketConfigTest {

	@Test
	void everyProblemIsReportedAtOnce() {
		assertThatExceptionOfType(BucketHeadConfigException.class)
			.isThrownBy(() -> BucketConfig.builder()
				.credentials("AKIAEXAMPLE", null)
				.endpoint("ftp://example.com")
				.build())
			.satisfies((ex) -> {
				assertThat(ex.problems()).hasSize(3);
				assertThat(ex.problems()).anySatisfy((p) -> assertThat(p).contains("bucket name is missing"));
				assertThat(ex.problems()).anySatisfy((p) -> assertThat(p).contains("must be given together"));
				assertThat(ex.problems()).anySatisfy((p) -> assertThat(p).contains("ftp://example.com"));
				assertThat(ex.getMessage()).contains(ex.problems());
			});
	}

	@Test
	void invalidNumbersAreReported() {
		assertThatExceptionOfType(BucketHeadConfigException.class)
			.isThrownBy(() -> BucketConfig.builder().bucket("Not_A_Bucket").multipartThreshold(1024).build())
			.satisfies((ex) -> assertThat(ex.problems()).hasSize(2)
				.anySatisfy((p) -> assertThat(p).contains("Not_A_Bucket"))
				.anySatisfy((p) -> assertThat(p).contains("5 MiB")));
	}

	@Test
	void everyTimeoutProblemIsReportedAtOnce() {
		assertThatExceptionOfType(BucketHeadConfigException.class)
			.isThrownBy(() -> new BucketTimeouts(Duration.ZERO, Duration.ofSeconds(-1), Duration.ofSeconds(5),
					Duration.ofSeconds(15), 0))
			.satisfies((ex) -> assertThat(ex.problems()).hasSize(3)
				.anySatisfy((p) -> assertThat(p).contains("connect timeout must be positive"))
				.anySatisfy((p) -> assertThat(p).contains("read timeout must be positive"))
				.anySatisfy((p) -> assertThat(p).contains("max attempts must be at least 1, got 0")));
		assertThatExceptionOfType(BucketHeadConfigException.class)
			.isThrownBy(() -> BucketTimeouts.defaults().withAttemptTimeout(Duration.ofSeconds(20)))
			.satisfies((ex) -> assertThat(ex.problems()).singleElement()
				.satisfies((p) -> assertThat(p).contains("attempt timeout (PT20S)", "call timeout (PT15S)")));
	}

	@Test
	void timeoutDefaultsFitAThirtySecondGracePeriodAndUploadsGetTimeForTheirBytes() {
		BucketTimeouts defaults = BucketConfig.builder().bucket("my-bucket").build().timeouts();
		assertThat(defaults).isEqualTo(BucketTimeouts.defaults());
		assertThat(defaults.callTimeout()).isEqualTo(Duration.ofSeconds(15));
		assertThat(defaults.attemptTimeout()).isEqualTo(Duration.ofSeconds(5));
		assertThat(defaults.describe()).isEqualTo("5 attempts of at most 5s within 15s");
		assertThat(defaults.attemptTimeoutFor(0)).isEqualTo(Duration.ofSeconds(5));
		assertThat(defaults.attemptTimeoutFor(16L * 1024 * 1024)).isEqualTo(Duration.ofSeconds(21));
		assertThat(defaults.callTimeoutFor(1024 * 1024)).isEqualTo(Duration.ofSeconds(16));
		BucketTimeouts tight = defaults.withAttemptTimeout(Duration.ofSeconds(2));
		assertThat(tight.effectiveReadTimeout()).isEqualTo(Duration.ofSeconds(2));
		assertThat(tight.effectiveConnectTimeout()).isEqualTo(Duration.ofSeconds(2));
		assertThat(defaults.effectiveConnectTimeout()).isEqualTo(Duration.ofSeconds(3));
	}

	@Test
	void blankSecretIsAProblem() {
		assertThatExceptionOfType(BucketHeadConfigException.class)
			.isThrownBy(() -> BucketConfig.builder().bucket("ok-bucket").credentials("AKIAEXAMPLE", " ").build())
			.satisfies((ex) -> assertThat(ex.problems()).singleElement()
				.satisfies((p) -> assertThat(p).contains("together")));
	}

	@Test
	void toStringAndDescribeNeverShowCredentials() {
		BucketConfig config = BucketConfig.builder()
			.bucket("my-bucket")
			.endpoint("http://localhost:9000")
			.credentials("AKIAEXAMPLEKEYID", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
			.build();
		assertThat(config.toString()).contains("my-bucket")
			.contains("redacted")
			.doesNotContain("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
			.doesNotContain("AKIAEXAMPLEKEYID");
		assertThat(config.describe()).isEqualTo("s3://my-bucket at http://localhost:9000");
	}

	@Test
	void defaultsSuitS3CompatibleServers() {
		BucketConfig config = BucketConfig.builder().bucket("my-bucket").build();
		assertThat(config.checksumMode()).isEqualTo(ChecksumMode.WHEN_REQUIRED);
		assertThat(config.pathStyle()).isTrue();
		assertThat(config.endpoint()).isNull();
		assertThat(config.accessKeyId()).isNull();
		assertThat(config.describe()).isEqualTo("s3://my-bucket (AWS, us-east-1)");
		assertThat(config.toString()).contains("default chain");
	}

	@Test
	void forR2BuildsTheAccountEndpoint() {
		BucketConfig config = BucketConfig.forR2("0123abcd", "r2-bucket", "key-id", "secret");
		assertThat(config.endpoint()).isEqualTo(URI.create("https://0123abcd.r2.cloudflarestorage.com"));
		assertThat(config.region()).isEqualTo("auto");
		assertThat(config.pathStyle()).isTrue();
		assertThat(config.bucket()).isEqualTo("r2-bucket");
		assertThat(config.toString()).doesNotContain("secret").doesNotContain("key-id");
	}

	@Test
	void forR2RefusesAnInvalidAccountId() {
		assertThatExceptionOfType(BucketHeadConfigException.class)
			.isThrownBy(() -> BucketConfig.forR2("evil.com/x", "r2-bucket", "key-id", "secret"))
			.withMessageContaining("evil.com/x");
	}

}
