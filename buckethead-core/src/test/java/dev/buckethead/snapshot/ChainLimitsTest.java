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

	@ParameterizedTest(name = "defaults: {0} steps of {1} bytes on a {2}-byte base: base due {3}")
	@CsvSource({
			// A 10-row/s trickle (~20 KB a step) on 100 MB: the ratio, after ~3,750 steps (an hour).
			"3600, 72000000, 100000000, false", "3800, 76000000, 100000000, true",
			// The same on 500 MB: the step limit, after 5 hours.
			"17999, 359980000, 500000000, false", "18000, 360000000, 500000000, true",
			// 1 % of the rows of 500 MB a flush (~9.5 MB a delta): about 40 steps.
			"39, 370500000, 500000000, false", "40, 380000000, 500000000, true" })
	void theDefaultsEndATrickleHourlyAtHundredMegabytesAndLargeChangesWithinFortySteps(long steps, long bytes,
			long baseSize, boolean due) {
		assertThat(ChainLimits.DEFAULTS.baseDue(steps, bytes, baseSize)).isEqualTo(due);
	}

	@ParameterizedTest(name = "{0} steps and {1} s behind: head due {2}")
	@CsvSource({ "1, 0, false", "2, 59, false", "3, 0, true", "1, 60, true" })
	void theHeadIsWrittenWhenItLagsByStepsOrTime(long steps, long seconds, boolean due) {
		assertThat(LIMITS.headDue(steps, Duration.ofSeconds(seconds))).isEqualTo(due);
	}

	@ParameterizedTest(name = "{0}, {1}, {2}")
	@CsvSource({ "0, 0.25, 1", "4, 0, 1", "4, 0.25, 0", "60000, 0.25, 1" })
	void badLimitsAreRefused(int steps, double ratio, int lag) {
		assertThatIllegalArgumentException().isThrownBy(() -> new ChainLimits(steps, ratio, lag, Duration.ZERO));
	}

}
