package dev.buckethead.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Markdown tables collected during the run and printed together at the end. */
final class Report {

	private final StringBuilder text = new StringBuilder();

	Table table(String title, String... columns) {
		Table table = new Table(title, columns);
		return table;
	}

	void add(Table table) {
		text.append(table.render()).append('\n');
	}

	void line(String line) {
		text.append(line).append('\n');
	}

	@Override
	public String toString() {
		return text.toString();
	}

	static final class Table {

		private final String title;

		private final String[] columns;

		private final List<String[]> rows = new ArrayList<>();

		private final List<String> notes = new ArrayList<>();

		Table(String title, String[] columns) {
			this.title = title;
			this.columns = columns;
		}

		Table row(Object... cells) {
			String[] row = new String[columns.length];
			for (int i = 0; i < columns.length; i++) {
				row[i] = i < cells.length && cells[i] != null ? String.valueOf(cells[i]) : "";
			}
			rows.add(row);
			return this;
		}

		Table note(String note) {
			notes.add(note);
			return this;
		}

		int size() {
			return rows.size();
		}

		String render() {
			StringBuilder out = new StringBuilder();
			out.append("### ").append(title).append("\n\n");
			out.append("| ").append(String.join(" | ", columns)).append(" |\n");
			out.append("|").append("---|".repeat(columns.length)).append('\n');
			for (String[] row : rows) {
				out.append("| ").append(String.join(" | ", row)).append(" |\n");
			}
			for (String note : notes) {
				out.append('\n').append(note).append('\n');
			}
			return out.toString();
		}

	}

	static String us(double nanos) {
		if (Double.isNaN(nanos)) {
			return "n/a";
		}
		double us = nanos / 1000.0;
		return us < 10 ? fmt("%.2f", us) : us < 100 ? fmt("%.1f", us) : fmt("%.0f", us);
	}

	static String ms(double nanos) {
		if (Double.isNaN(nanos)) {
			return "n/a";
		}
		double ms = nanos / 1e6;
		return ms < 10 ? fmt("%.2f", ms) : ms < 100 ? fmt("%.1f", ms) : fmt("%.0f", ms);
	}

	static String mb(double bytes) {
		double mb = bytes / 1e6;
		return mb < 1 ? fmt("%.3f", mb) : mb < 10 ? fmt("%.2f", mb) : mb < 100 ? fmt("%.1f", mb) : fmt("%.0f", mb);
	}

	static String mbps(double bytesPerSecond) {
		return fmt("%.0f", bytesPerSecond / 1e6);
	}

	static String pct(double fraction) {
		double p = fraction * 100;
		return p < 1 ? fmt("%.2f %%", p) : p < 10 ? fmt("%.1f %%", p) : fmt("%.0f %%", p);
	}

	static String ratio(double value) {
		if (Double.isNaN(value) || Double.isInfinite(value)) {
			return "n/a";
		}
		return value < 0.1 ? fmt("%.3f×", value) : value < 10 ? fmt("%.2f×", value) : fmt("%.0f×", value);
	}

	static String count(double n) {
		return fmt("%.0f", n);
	}

	static String fmt(String format, Object... args) {
		return String.format(Locale.ROOT, format, args);
	}

}
