package dev.buckethead.bench;

import java.util.Arrays;
import java.util.List;

/** Medians and percentiles. */
final class Stats {

	private Stats() {
	}

	static double median(List<? extends Number> values) {
		if (values.isEmpty()) {
			return Double.NaN;
		}
		double[] sorted = values.stream().mapToDouble(Number::doubleValue).sorted().toArray();
		int n = sorted.length;
		return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
	}

	/** Percentile (0..100) of the first {@code n} values, nearest rank; sorts a copy. */
	static double percentile(long[] values, int n, double p) {
		if (n == 0) {
			return Double.NaN;
		}
		long[] sorted = Arrays.copyOf(values, n);
		Arrays.sort(sorted);
		return percentileSorted(sorted, p);
	}

	static double percentileSorted(long[] sorted, double p) {
		if (sorted.length == 0) {
			return Double.NaN;
		}
		int rank = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(sorted.length - 1, rank))];
	}

}
