package dev.buckethead.kv;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.buckethead.config.BucketHeadConfigException;

/**
 * Tuning for a {@link KvStore}. Start from {@link #defaults()} and change what you need:
 * {@code KvOptions.defaults().withMaxValueBytes(64 * 1024)}.
 *
 * @param maxKeyBytes the longest key, in bytes of its UTF-8 encoding, that the store accepts for writing. Keys are
 * the table's primary key: each is held in its index and copied into every snapshot, so a long natural key is
 * better hashed, with the original kept in the value.
 * @param maxValueBytes the largest value, in bytes (UTF-8 for text), that the store accepts. Values live inline in
 * the in-memory database and are copied into every snapshot, so big ones belong in {@code FileStore}.
 * @param clock the clock that time-to-live entries are checked against; tests substitute a controllable one
 * @param purgeEveryWrites expired entries are deleted once every this many writes (see {@link KvStore})
 */
public record KvOptions(int maxKeyBytes, int maxValueBytes, Clock clock, int purgeEveryWrites) {

	/** 1 KiB: S3's own limit for an object key, and far above any key a person would type. */
	public static final int DEFAULT_MAX_KEY_BYTES = 1024;

	/** 1 MiB: the value size the original library recommends as the inline ceiling. */
	public static final int DEFAULT_MAX_VALUE_BYTES = 1024 * 1024;

	/** Often enough to keep expired rows out of snapshots, rarely enough to stay off the hot path. */
	public static final int DEFAULT_PURGE_EVERY_WRITES = 128;

	public KvOptions {
		Objects.requireNonNull(clock, "clock");
		List<String> problems = new ArrayList<>();
		if (maxKeyBytes < 1) {
			problems.add("KvOptions.maxKeyBytes must be at least 1, got " + maxKeyBytes);
		}
		if (maxValueBytes < 1) {
			problems.add("KvOptions.maxValueBytes must be at least 1, got " + maxValueBytes);
		}
		if (purgeEveryWrites < 1) {
			problems.add("KvOptions.purgeEveryWrites must be at least 1, got " + purgeEveryWrites);
		}
		if (!problems.isEmpty()) {
			throw new BucketHeadConfigException(problems);
		}
	}

	/** 1 KiB keys, 1 MiB values, the system clock in UTC, a purge every 128 writes. */
	public static KvOptions defaults() {
		return new KvOptions(DEFAULT_MAX_KEY_BYTES, DEFAULT_MAX_VALUE_BYTES, Clock.systemUTC(),
				DEFAULT_PURGE_EVERY_WRITES);
	}

	public KvOptions withMaxKeyBytes(int maxKeyBytes) {
		return new KvOptions(maxKeyBytes, this.maxValueBytes, this.clock, this.purgeEveryWrites);
	}

	public KvOptions withMaxValueBytes(int maxValueBytes) {
		return new KvOptions(this.maxKeyBytes, maxValueBytes, this.clock, this.purgeEveryWrites);
	}

	public KvOptions withClock(Clock clock) {
		return new KvOptions(this.maxKeyBytes, this.maxValueBytes, clock, this.purgeEveryWrites);
	}

	public KvOptions withPurgeEveryWrites(int purgeEveryWrites) {
		return new KvOptions(this.maxKeyBytes, this.maxValueBytes, this.clock, purgeEveryWrites);
	}

}
