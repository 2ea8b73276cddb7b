package dev.buckethead.snapshot;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The chain and head-lag decisions, as tables. */
class ChainLimitsTest {

	private static final ChainLimits LIMITS = new ChainLimits(4, 0.25, 3, Duration.ofSeconds(60));

	@ParameterizedTest(name = "{0} steps, {1} bytes on a {2}-byte base: base due {3}")
	@CsvSource({ "0, 0, 1000, false", "3, 250, 1000, false", "4, 0, 1000, true", "1, 251, 1000, true",
			"1, 1, 0, true" })
	void aBaseIsDueWhenTheChainIsLongOrLarge(long steps, long bytes, long baseSize, boolean due) {
		assertThat(LIMITS.baseDue(steps, bytes, baseSize)).isEqualTo(due);
	}

	@ParameterizedTest(name = "{0} steps and {1} s behind: head due {2}")
	@CsvSource({ "1, 0, false", "2, 59, false", "3, 0, true", "1, 60, true" })
	void theHeadIsWrittenWhenItLagsByStepsOrTime(long steps, long seconds, boolean due) {
		assertThat(LIMITS.headDue(steps, Duration.ofSeconds(seconds))).isEqualTo(due);
	}

	@ParameterizedTest(name = "{0}, {1}, {2}")
	@CsvSource({ "0, 0.25, 1", "4, 0, 1", "4, 0.25, 0", "6000, 0.25, 1" })
	void badLimitsAreRefused(int steps, double ratio, int lag) {
		assertThatIllegalArgumentException().isThrownBy(() -> new ChainLimits(steps, ratio, lag, Duration.ZERO));
	}

}
