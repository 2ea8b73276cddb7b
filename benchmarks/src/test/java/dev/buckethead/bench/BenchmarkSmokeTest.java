package dev.buckethead.bench;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the whole benchmark with tiny sizes ({@code --smoke}) so that it keeps compiling and running. Checks that
 * the report has every table and row; never the numbers (no timed assertions).
 */
class BenchmarkSmokeTest {

	@Test
	void smokeRunPrintsEveryTable(@TempDir Path dir) throws Exception {
		Path output = dir.resolve("report.md");
		String report = BenchmarkMain.run(new String[] { "--smoke", "--output", output.toString() });

		assertThat(Files.readString(output)).isEqualTo(report);
		assertThat(report).contains("cores: ", "JDK: ", "OS: ", "RAM: ");
		assertThat(report).contains("### Goals", "### 1. Key-value", "### 2. Flush", "### 3. Writer stall",
				"### 4. Restore", "### 5. DocStore", "### 6. Limits", "### 7. Memory", "### 8. Chunk size", "### 10. Packs");
		for (String store : new String[] { "KvStore FILE", "KvStore MEMORY", "Redis (Jedis, loopback)",
				"H2 in-memory (JDBC)", "ConcurrentHashMap" }) {
			for (String op : new String[] { "get", "put" }) {
				for (int threads = 1; threads <= 2; threads++) {
					assertThat(report).contains("| " + store + " | " + op + " | " + threads + " | ");
				}
			}
		}
		for (String db : new String[] { "1.01 MB", "2.01 MB" }) {
			assertThat(report).contains("| " + db + " | first flush (all) |");
			for (String fraction : new String[] { "0.10 %", "1.0 %", "10 %" }) {
				for (String pattern : new String[] { "clustered", "random" }) {
					assertThat(report).containsPattern("\\| " + db + " \\| " + fraction + " \\(\\d+\\) \\| " + pattern
							+ " \\| [0-9.]+ \\|");
				}
			}
			assertThat(report).containsPattern("\\| " + db + " \\| incremental \\| [0-9.]+ \\|");
			assertThat(report).containsPattern("\\| " + db + " \\| plain \\| [0-9.]+ \\|");
		}
		assertThat(report).contains("| empty (no snapshot) | incremental |");
		assertThat(report).containsPattern("\\| FILE \\| 2.01 MB \\| -?[0-9.]+ \\|");
		assertThat(report).containsPattern("\\| MEMORY \\| 2.01 MB \\| -?[0-9.]+ \\|");
		assertThat(report).contains("| 64 KiB |", "| 256 KiB |", "| 1024 KiB |");
		for (PackBench.Variant variant : PackBench.variants(Mode.smoke())) {
			assertThat(report).containsPattern("\\| 2.01 MB \\| " + java.util.regex.Pattern.quote(variant.name())
					+ " \\| [0-9.]+ \\|");
		}
		assertThat(report).contains("| equality, 1 match |", "| range, 100 matches |");
		assertThat(report).contains("| memory copy |", "| SHA-256 |", "| zstd level 1 compress |",
				"| S3 PUT, one large object |", "| S3 GET, one large object |");
		// Section 9 (Litestream) is left out of the smoke run, and says so.
		assertThat(report).contains("### 9. Side by side with Litestream",
				"Litestream skipped: not part of the smoke run");
		assertThat(report).doesNotContain("NaN");
	}

}
