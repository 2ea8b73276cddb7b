package dev.buckethead.snapshot;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Which steps a walk reads at once, as a table. */
class StepWindowsTest {

	@ParameterizedTest(name = "next {0}, known {1}, limit {2}, {3} read beyond so far, largest {4} B: {5}..{6}")
	@CsvSource({
			// Known steps: the full width, never past the known ones.
			"1, 100, 10000, 0, 0, 1, 32", "33, 100, 10000, 0, 20000, 33, 64", "97, 100, 10000, 0, 0, 97, 100",
			// Past them: as many as read past them so far (1, 1, 2, 4 ..), up to the width.
			"101, 100, 10000, 0, 0, 101, 101", "102, 100, 10000, 1, 0, 102, 102", "103, 100, 10000, 2, 0, 103, 104",
			"105, 100, 10000, 4, 0, 105, 108", "117, 100, 10000, 16, 0, 117, 132", "300, 100, 10000, 199, 0, 300, 331",
			// Large answers narrow the window: 32 MiB at most, one at least.
			"1, 100, 10000, 0, 4194304, 1, 8", "1, 100, 10000, 0, 67108864, 1, 1", "200, 100, 10000, 99, 2097152, 200, 215",
			// The limit cuts every window.
			"1, 100, 10, 0, 0, 1, 10", "9990, 0, 10000, 32, 0, 9990, 10000" })
	void windows(long next, long known, long limit, long beyond, long largest, long first, long last) {
		assertThat(StepWindows.next(next, known, limit, beyond, largest))
			.isEqualTo(new StepWindows.Window(first, last));
	}

	@ParameterizedTest(name = "next {0}, limit {1}: nothing to read")
	@CsvSource({ "11, 10", "0, -1" })
	void nothingPastTheLimit(long next, long limit) {
		assertThat(StepWindows.next(next, limit, limit, 0, 0)).isNull();
	}

	@ParameterizedTest(name = "{0} read beyond so far, largest {1} B: {2} read")
	@CsvSource({ "32, 1, 32", "32, 33554432, 1", "1000000, 0, 32" })
	void aWindowNeverExceedsTheWidthNorTheBudget(long beyond, long largest, int size) {
		StepWindows.Window window = StepWindows.next(1, 0, Long.MAX_VALUE / 2, beyond, largest);
		assertThat(window.size()).isEqualTo(size);
		assertThat((long) window.size() * largest).isLessThanOrEqualTo(Math.max(largest, StepWindows.BUDGET_BYTES));
	}

}
