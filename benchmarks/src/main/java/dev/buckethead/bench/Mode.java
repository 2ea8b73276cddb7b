package dev.buckethead.bench;

import java.util.List;

/** How much to run: {@code --smoke} (seconds, for the build), {@code --quick} (~3 min), or the full run. */
record Mode(String name, int kvKeys, int jmhForks, int jmhWarmupIterations, int jmhWarmupMillis,
		int jmhMeasureIterations, int jmhMeasureMillis, List<Long> flushSizes, long largeSize, int flushIterations,
		int restoreIterations, int stallBaselineMillis, int stallFlushes, int docs, int docQueryIterations) {

	static final long MB = 1_000_000L;

	static Mode smoke() {
		return new Mode("smoke", 2_000, 0, 0, 0, 1, 100, List.of(1 * MB, 2 * MB), 2 * MB, 1, 1, 200, 2, 2_000, 3);
	}

	static Mode quick() {
		return new Mode("quick", 100_000, 1, 1, 500, 2, 750, List.of(10 * MB, 100 * MB), 100 * MB, 2, 2, 1000, 3,
				20_000, 5);
	}

	static Mode full(boolean with2g) {
		List<Long> sizes = with2g ? List.of(10 * MB, 100 * MB, 500 * MB, 2000 * MB) : List.of(10 * MB, 100 * MB, 500 * MB);
		return new Mode("full", 100_000, 1, 2, 1000, 3, 2000, sizes, 500 * MB, 3, 3, 3000, 4, 100_000, 15);
	}

	boolean isSmoke() {
		return name.equals("smoke");
	}

	static String label(long bytes) {
		return bytes >= 1000 * MB && bytes % (1000 * MB) == 0 ? (bytes / (1000 * MB)) + " GB" : (bytes / MB) + " MB";
	}

}
