package dev.buckethead.config;

import java.time.Duration;
import java.util.stream.Stream;

import dev.buckethead.config.EngineSettings.Name;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The engine's rules, once: a table of values each setting accepts and refuses. */
class EngineSettingsTests {

	static Stream<Arguments> table() {
		return Stream.of(Arguments.of(Name.SNAPSHOT_KEY, "apps/shop.db", null),
				Arguments.of(Name.SNAPSHOT_KEY, "/absolute", "snapshot key '/absolute' is invalid"),
				Arguments.of(Name.SNAPSHOT_KEY, null, "snapshot key 'null' is invalid"),
				Arguments.of(Name.BRANCH, "experiment-1", null),
				Arguments.of(Name.BRANCH, "no/slashes", "Invalid branch name 'no/slashes'"),
				Arguments.of(Name.FLUSH_INTERVAL, Duration.ZERO, null),
				Arguments.of(Name.FLUSH_INTERVAL, Duration.ofSeconds(-1), "must not be negative"),
				Arguments.of(Name.FLUSH_INTERVAL, null, "must not be negative"),
				Arguments.of(Name.KEEP_GENERATIONS, 1, null), Arguments.of(Name.KEEP_GENERATIONS, 0, "at least 1"),
				Arguments.of(Name.CHUNK_SIZE, 4096, null), Arguments.of(Name.CHUNK_SIZE, 64 * 1024 * 1024, null),
				Arguments.of(Name.CHUNK_SIZE, 2048, "power of two"), Arguments.of(Name.CHUNK_SIZE, 5000, "power of two"),
				Arguments.of(Name.CHUNK_SIZE, 128 * 1024 * 1024, "power of two"),
				Arguments.of(Name.COMPRESSION_LEVEL, 19, null),
				Arguments.of(Name.COMPRESSION_LEVEL, 0, "between 1 and 19"),
				Arguments.of(Name.IO_THREADS, 256, null), Arguments.of(Name.IO_THREADS, 257, "between 1 and 256"),
				Arguments.of(Name.BUSY_TIMEOUT, Duration.ZERO, null),
				Arguments.of(Name.BUSY_TIMEOUT, Duration.ofMillis(-1), "must not be negative"),
				Arguments.of(Name.KEEP_SET_ASIDE_FILES, 1, null),
				Arguments.of(Name.KEEP_SET_ASIDE_FILES, 0, "at least 1"));
	}

	@ParameterizedTest(name = "{0} = {1}")
	@MethodSource("table")
	void eachRule(Name name, Object value, String violation) {
		if (violation == null) {
			assertThat(EngineSettings.violation(name, value)).isNull();
		}
		else {
			assertThat(EngineSettings.violation(name, value)).contains(violation);
		}
	}

	@Test
	void defaultsAreValid() {
		assertThat(EngineSettings.defaults().problems()).isEmpty();
	}

	@Test
	void everyProblemIsListedInTheBuildersNames() {
		EngineSettings settings = new EngineSettings("ok.db", "main", Duration.ofSeconds(-1), 0, 3, 0, 0,
				Duration.ofSeconds(-1), 0);
		assertThat(settings.problems()).extracting(EngineSettings.Problem::name)
			.containsExactly(Name.FLUSH_INTERVAL, Name.KEEP_GENERATIONS, Name.CHUNK_SIZE, Name.COMPRESSION_LEVEL,
					Name.IO_THREADS, Name.BUSY_TIMEOUT, Name.KEEP_SET_ASIDE_FILES);
		assertThatExceptionOfType(BucketHeadConfigException.class).isThrownBy(settings::validate)
			.satisfies((ex) -> assertThat(ex.problems()).contains("chunkSize must be a power of two from 4 KiB to "
					+ "64 MiB, got 3", "keepSetAsideFiles must be at least 1, got 0"));
	}

	@Test
	void theEnvironmentSettingsKeepTheSameRules() {
		BucketHeadSettings settings = BucketHeadSettings.from(java.util.Map.of("BUCKETHEAD_SNAPSHOT__KEEP_GENERATIONS",
				"0", "BUCKETHEAD_SNAPSHOT__BRANCH", "no/slashes"), null);
		assertThatExceptionOfType(BucketHeadConfigException.class).isThrownBy(settings::snapshotKeepGenerations)
			.withMessageContaining("BUCKETHEAD_SNAPSHOT__KEEP_GENERATIONS")
			.withMessageContaining("must be at least 1");
		assertThatExceptionOfType(BucketHeadConfigException.class).isThrownBy(settings::snapshotBranch)
			.withMessageContaining("BUCKETHEAD_SNAPSHOT__BRANCH")
			.withMessageContaining("Invalid branch name");
	}

}
