package dev.buckethead.snapshot;

import java.time.Instant;

import java.util.List;

import dev.buckethead.config.BucketHeadConfigException;
import org.jspecify.annotations.Nullable;

/**
 * Which generation of a branch to restore: the latest, a named generation, or the newest one created at or
 * before a time.
 */
public final class RestorePoint {

	private static final RestorePoint LATEST = new RestorePoint(null, null);

	private final @Nullable String generation;

	private final @Nullable Instant asOf;

	private RestorePoint(@Nullable String generation, @Nullable Instant asOf) {
		this.generation = generation;
		this.asOf = asOf;
	}

	public static RestorePoint latest() {
		return LATEST;
	}

	public static RestorePoint generation(String generation) {
		if (!GenerationIds.isValid(generation)) {
			throw new BucketHeadConfigException(List.of("'" + generation
					+ "' is not a generation id (expected the form 20261121T235141.123Z-9f2c01ab)"));
		}
		return new RestorePoint(generation, null);
	}

	public static RestorePoint asOf(Instant time) {
		return new RestorePoint(null, time);
	}

	/** Whether {@code candidate} is acceptable for this point. */
	boolean accepts(String candidate) {
		if (generation != null) {
			return generation.equals(candidate);
		}
		if (asOf != null) {
			return !GenerationIds.createdAt(candidate).isAfter(asOf);
		}
		return true;
	}

	/** The generation named, or null for the latest or a time. */
	@Nullable String namedGeneration() {
		return generation;
	}

	public boolean isLatest() {
		return generation == null && asOf == null;
	}

	@Override
	public String toString() {
		return generation != null ? "generation " + generation : asOf != null ? "as of " + asOf : "latest";
	}

}
