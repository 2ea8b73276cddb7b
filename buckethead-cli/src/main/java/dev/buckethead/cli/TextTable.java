package dev.buckethead.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Columns padded to their widest cell, two spaces apart, numbers right-aligned: what {@code ls -l} readers expect. */
final class TextTable {

	private final List<String[]> rows = new ArrayList<>();

	private final boolean[] numeric;

	TextTable(String... headers) {
		this.rows.add(headers);
		this.numeric = new boolean[headers.length];
	}

	/** Adds a row; a column holding numbers is right-aligned. */
	TextTable row(Object... cells) {
		String[] row = new String[numeric.length];
		for (int i = 0; i < row.length; i++) {
			Object cell = i < cells.length ? cells[i] : null;
			row[i] = cell == null ? "-" : cell.toString();
			numeric[i] |= cell instanceof Number;
		}
		rows.add(row);
		return this;
	}

	boolean isEmpty() {
		return rows.size() == 1;
	}

	void print(PrintWriter out) {
		int[] widths = new int[numeric.length];
		for (String[] row : rows) {
			for (int i = 0; i < row.length; i++) {
				widths[i] = Math.max(widths[i], row[i].length());
			}
		}
		for (String[] row : rows) {
			StringBuilder line = new StringBuilder();
			for (int i = 0; i < row.length; i++) {
				String padding = " ".repeat(widths[i] - row[i].length());
				line.append(numeric[i] ? padding + row[i] : row[i] + (i < row.length - 1 ? padding : ""));
				if (i < row.length - 1) {
					line.append("  ");
				}
			}
			out.println(line.toString().stripTrailing());
		}
	}

	@Override
	public String toString() {
		return "TextTable" + Arrays.toString(rows.get(0));
	}

}
