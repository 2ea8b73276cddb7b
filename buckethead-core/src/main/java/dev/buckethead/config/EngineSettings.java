package dev.buckethead.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.buckethead.branch.BranchNames;
import dev.buckethead.snapshot.SnapshotLayout;
import dev.buckethead.snapshot.SnapshotWriter;
import org.jspecify.annotations.Nullable;

/**
 * The engine's own settings, their defaults and their rules, in one place: {@code BucketSQLite.Builder} checks
 * them with {@link #problems()} when it builds, and every other layer (the {@code BUCKETHEAD_*} settings, the
 * Spring properties, the CLI) maps its names onto these and reports the same problems in its own names.
 *
 * @param snapshotKey the snapshot's object key; the incremental layout lives under {@code <key>.bh/}
 * @param branch the branch to restore and write
 * @param flushInterval how often a flush starts when the database changed; zero turns the timer off
 * @param keepGenerations generations kept per branch for restore "as of"
 * @param chunkSize snapshot chunk size in bytes, a power of two
 * @param compressionLevel zstd level of the chunks
 * @param ioThreads parallel chunk uploads and downloads
 * @param busyTimeout how long a connection waits for SQLite's lock
 * @param keepSetAsideFiles live files that were not adopted, kept in the {@code set-aside} folder
 */
public record EngineSettings(@Nullable String snapshotKey, @Nullable String branch, @Nullable Duration flushInterval,
		int keepGenerations, int chunkSize, int compressionLevel, int ioThreads, @Nullable Duration busyTimeout,
		int keepSetAsideFiles) {

	public static final String DEFAULT_SNAPSHOT_KEY = SnapshotLayout.DEFAULT_SNAPSHOT_KEY;

	public static final String DEFAULT_BRANCH = SnapshotLayout.DEFAULT_BRANCH;

	public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(10);

	public static final int DEFAULT_KEEP_GENERATIONS = 10;

	public static final int DEFAULT_CHUNK_SIZE = SnapshotWriter.DEFAULT_CHUNK_SIZE;

	public static final int DEFAULT_COMPRESSION_LEVEL = 1;

	public static final int DEFAULT_IO_THREADS = 8;

	public static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(10);

	public static final int DEFAULT_KEEP_SET_ASIDE_FILES = 5;

	private static final int MIN_CHUNK_SIZE = 4096;

	private static final int MAX_CHUNK_SIZE = 64 * 1024 * 1024;

	/** Every setting at its default. */
	public static EngineSettings defaults() {
		return new EngineSettings(DEFAULT_SNAPSHOT_KEY, DEFAULT_BRANCH, DEFAULT_FLUSH_INTERVAL,
				DEFAULT_KEEP_GENERATIONS, DEFAULT_CHUNK_SIZE, DEFAULT_COMPRESSION_LEVEL, DEFAULT_IO_THREADS,
				DEFAULT_BUSY_TIMEOUT, DEFAULT_KEEP_SET_ASIDE_FILES);
	}

	/** These settings with another snapshot key. */
	public EngineSettings withSnapshotKey(@Nullable String snapshotKey) {
		return new EngineSettings(snapshotKey, branch, flushInterval, keepGenerations, chunkSize, compressionLevel,
				ioThreads, busyTimeout, keepSetAsideFiles);
	}

	/** These settings with another number of generations kept. */
	public EngineSettings withKeepGenerations(int keepGenerations) {
		return new EngineSettings(snapshotKey, branch, flushInterval, keepGenerations, chunkSize, compressionLevel,
				ioThreads, busyTimeout, keepSetAsideFiles);
	}

	/** A setting, by its name in {@code BucketSQLite.Builder}. */
	public enum Name {

		SNAPSHOT_KEY("snapshotKey"), BRANCH("branch"), FLUSH_INTERVAL("flushInterval"),
		KEEP_GENERATIONS("keepGenerations"), CHUNK_SIZE("chunkSize"), COMPRESSION_LEVEL("compressionLevel"),
		IO_THREADS("ioThreads"), BUSY_TIMEOUT("busyTimeout"), KEEP_SET_ASIDE_FILES("keepSetAsideFiles");

		private final String builderName;

		Name(String builderName) {
			this.builderName = builderName;
		}

		/** The name of the builder method that sets it. */
		public String builderName() {
			return builderName;
		}

	}

	/**
	 * One invalid setting.
	 * @param rule what the value must be, such as {@code "must be at least 1"}, in words any layer can prefix
	 * with its own name for the setting; for the snapshot key and branch, core's whole message about the value
	 * @param value the value given, as text; null where the rule already names it
	 */
	public record Problem(Name name, String rule, @Nullable String value) {

		/** {@code "chunkSize must be ..., got 3"}: the problem in the builder's names. */
		@Override
		public String toString() {
			return (value != null) ? name.builderName() + " " + rule + ", got " + value : rule;
		}

	}

	/** Every invalid setting, in the order of the components; empty when all are valid. */
	public List<Problem> problems() {
		List<Problem> problems = new ArrayList<>();
		for (Name name : Name.values()) {
			Object value = value(name);
			String violation = violation(name, value);
			if (violation != null) {
				// Core's own checks of the key and the branch name the value in their message already.
				boolean named = name == Name.SNAPSHOT_KEY || name == Name.BRANCH;
				problems.add(new Problem(name, violation, named ? null : String.valueOf(value)));
			}
		}
		return problems;
	}

	/** The problems as one exception, or nothing when there are none. */
	public void validate() {
		List<Problem> problems = problems();
		if (!problems.isEmpty()) {
			throw new BucketHeadConfigException(problems.stream().map(Problem::toString).toList());
		}
	}

	/** The value of one setting. */
	public @Nullable Object value(Name name) {
		return switch (name) {
			case SNAPSHOT_KEY -> snapshotKey;
			case BRANCH -> branch;
			case FLUSH_INTERVAL -> flushInterval;
			case KEEP_GENERATIONS -> keepGenerations;
			case CHUNK_SIZE -> chunkSize;
			case COMPRESSION_LEVEL -> compressionLevel;
			case IO_THREADS -> ioThreads;
			case BUSY_TIMEOUT -> busyTimeout;
			case KEEP_SET_ASIDE_FILES -> keepSetAsideFiles;
		};
	}

	/**
	 * The rule {@code value} breaks as setting {@code name}, or null when it is valid: the one statement of each
	 * rule, for the layers that check a single value as they read it.
	 */
	public static @Nullable String violation(Name name, @Nullable Object value) {
		return switch (name) {
			case SNAPSHOT_KEY -> coreProblem(() -> new SnapshotLayout((String) value));
			case BRANCH -> coreProblem(() -> BranchNames.validate((String) value));
			case FLUSH_INTERVAL -> (value instanceof Duration duration && !duration.isNegative()) ? null
					: "must not be negative (zero turns the timer off)";
			case KEEP_GENERATIONS, KEEP_SET_ASIDE_FILES -> between(value, 1, Integer.MAX_VALUE);
			case CHUNK_SIZE -> (value instanceof Integer size && size >= MIN_CHUNK_SIZE && size <= MAX_CHUNK_SIZE
					&& Integer.bitCount(size) == 1) ? null : "must be a power of two from 4 KiB to 64 MiB";
			case COMPRESSION_LEVEL -> between(value, 1, 19);
			case IO_THREADS -> between(value, 1, 256);
			case BUSY_TIMEOUT -> (value instanceof Duration duration && !duration.isNegative()) ? null
					: "must not be negative";
		};
	}

	private static @Nullable String between(@Nullable Object value, int min, int max) {
		if (value instanceof Integer number && number >= min && number <= max) {
			return null;
		}
		return (max == Integer.MAX_VALUE) ? "must be at least " + min : "must be between " + min + " and " + max;
	}

	/** Runs one of core's own checks, whose message names the value and says what to do; null when it passes. */
	private static @Nullable String coreProblem(Runnable check) {
		try {
			check.run();
			return null;
		}
		catch (RuntimeException ex) {
			return String.join("; ", BucketHeadConfigException.problemsOf(ex));
		}
	}

}
