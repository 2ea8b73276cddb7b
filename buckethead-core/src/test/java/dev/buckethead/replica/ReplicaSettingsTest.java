package dev.buckethead.replica;

import java.time.Duration;

import dev.buckethead.config.BucketHeadConfigException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ReplicaSettingsTest {

	@Test
	void defaults() {
		assertThat(ReplicaSettings.DEFAULTS.pollInterval()).isEqualTo(Duration.ofSeconds(1));
		assertThat(ReplicaSettings.DEFAULTS.maxLag()).isEqualTo(Duration.ofSeconds(30));
		assertThat(ReplicaSettings.DEFAULTS.headCheckPolls()).isEqualTo(10);
		assertThat(ReplicaSettings.DEFAULTS.withPollInterval(Duration.ZERO).pollInterval()).isZero();
	}

	@Test
	void listsEveryProblemAtOnce() {
		assertThatExceptionOfType(BucketHeadConfigException.class)
			.isThrownBy(() -> new ReplicaSettings(Duration.ofSeconds(-1), Duration.ZERO, 0, 10))
			.satisfies((ex) -> assertThat(BucketHeadConfigException.problemsOf(ex)).hasSize(4))
			.withMessageContaining("poll interval")
			.withMessageContaining("max lag")
			.withMessageContaining("head check polls")
			.withMessageContaining("max batch bytes");
	}

}
