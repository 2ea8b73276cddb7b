package dev.buckethead.bench.litestream;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;

/** One scrape of Litestream's Prometheus endpoint: series name (with labels) to value. */
record Metrics(Map<String, Double> series) {

	Metrics {
		series = Map.copyOf(series);
	}

	/** Parses the Prometheus text format; comments and malformed lines are skipped. */
	static Metrics parse(String text) {
		Map<String, Double> series = new LinkedHashMap<>();
		for (String line : text.split("\n")) {
			String l = line.strip();
			if (l.isEmpty() || l.startsWith("#")) {
				continue;
			}
			int close = l.lastIndexOf('}');
			int space = l.indexOf(' ', close < 0 ? 0 : close);
			if (space < 0) {
				continue;
			}
			String rest = l.substring(space + 1).strip();
			int timestamp = rest.indexOf(' ');
			try {
				series.put(l.substring(0, space), Double.parseDouble(timestamp < 0 ? rest : rest.substring(0, timestamp)));
			}
			catch (NumberFormatException ignored) {
				// not a sample line
			}
		}
		return new Metrics(series);
	}

	/** The sum over all series of metric {@code name} (any labels), or empty when there is none. */
	OptionalDouble sum(String name) {
		double total = 0;
		boolean found = false;
		for (Map.Entry<String, Double> e : series.entrySet()) {
			String key = e.getKey();
			if (key.equals(name) || key.startsWith(name + "{")) {
				total += e.getValue();
				found = true;
			}
		}
		return found ? OptionalDouble.of(total) : OptionalDouble.empty();
	}

}
