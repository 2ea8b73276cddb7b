package dev.buckethead.files;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.buckethead.config.BucketHeadConfigException;

/**
 * Settings of a {@link FileStore}. Start from {@link #defaults()} and change what you need:
 * {@code FileStoreOptions.defaults().withGcGracePeriod(Duration.ofHours(6))}.
 *
 * @param objectPrefix prepended to a key to name its blob in the bucket: with the default {@code files/}, key
 * {@code bh-<hex>} is stored at object {@code files/bh-<hex>}. Garbage collection only ever looks under it.
 * @param gcGracePeriod how old an unreferenced blob must be before garbage collection deletes it. It protects
 * blobs that a put (in this or another process) has uploaded but not yet recorded; make it longer than your
 * slowest upload.
 * @param clock the clock for {@link FileInfo#createdAt()} and for the grace period; tests substitute a fixed one
 */
public record FileStoreOptions(String objectPrefix, Duration gcGracePeriod, Clock clock) {

	/** The original library's layout. */
	public static final String DEFAULT_OBJECT_PREFIX = "files/";

	/** Far longer than any upload takes, short enough that space comes back the same day. */
	public static final Duration DEFAULT_GC_GRACE_PERIOD = Duration.ofHours(1);

	public FileStoreOptions {
		Objects.requireNonNull(objectPrefix, "objectPrefix");
		Objects.requireNonNull(gcGracePeriod, "gcGracePeriod");
		Objects.requireNonNull(clock, "clock");
		List<String> problems = new ArrayList<>();
		if (objectPrefix.startsWith("/")) {
			problems.add("FileStoreOptions.objectPrefix must not start with '/', got '" + objectPrefix + "'");
		}
		if (gcGracePeriod.isNegative()) {
			problems.add("FileStoreOptions.gcGracePeriod must not be negative, got " + gcGracePeriod);
		}
		if (!problems.isEmpty()) {
			throw new BucketHeadConfigException(problems);
		}
	}

	/** Prefix {@code files/}, a one-hour grace period, the system clock in UTC. */
	public static FileStoreOptions defaults() {
		return new FileStoreOptions(DEFAULT_OBJECT_PREFIX, DEFAULT_GC_GRACE_PERIOD, Clock.systemUTC());
	}

	public FileStoreOptions withObjectPrefix(String objectPrefix) {
		return new FileStoreOptions(objectPrefix, this.gcGracePeriod, this.clock);
	}

	public FileStoreOptions withGcGracePeriod(Duration gcGracePeriod) {
		return new FileStoreOptions(this.objectPrefix, gcGracePeriod, this.clock);
	}

	public FileStoreOptions withClock(Clock clock) {
		return new FileStoreOptions(this.objectPrefix, this.gcGracePeriod, clock);
	}

}
