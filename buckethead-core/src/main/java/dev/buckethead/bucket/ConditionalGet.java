package dev.buckethead.bucket;

import java.util.Objects;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * The answer to a conditional read ({@link BucketClient#getIfChanged}): the object changed (here it is), it is
 * unchanged (HTTP 304, no body sent), or there is no object at the key.
 *
 * @param outcome which of the three
 * @param object the object read, only when {@link Outcome#CHANGED}
 */
public record ConditionalGet(Outcome outcome, @Nullable StoredObject object) {

	public enum Outcome {

		/** The object's ETag differs from the one given: {@link #object()} holds the new version. */
		CHANGED,

		/** The object still has the ETag given; nothing was transferred. */
		NOT_MODIFIED,

		/** There is no object at the key. */
		MISSING

	}

	private static final ConditionalGet NOT_MODIFIED = new ConditionalGet(Outcome.NOT_MODIFIED, null);

	private static final ConditionalGet MISSING = new ConditionalGet(Outcome.MISSING, null);

	public ConditionalGet {
		if ((outcome == Outcome.CHANGED) != (object != null)) {
			throw new IllegalArgumentException("an object comes with, and only with, CHANGED");
		}
	}

	public static ConditionalGet changed(StoredObject object) {
		return new ConditionalGet(Outcome.CHANGED, Objects.requireNonNull(object, "object"));
	}

	public static ConditionalGet notModified() {
		return NOT_MODIFIED;
	}

	public static ConditionalGet missing() {
		return MISSING;
	}

	/**
	 * What a plain read means for a conditional one: how implementations without a native conditional GET
	 * answer.
	 */
	public static ConditionalGet of(Optional<StoredObject> read, @Nullable String etag) {
		if (read.isEmpty()) {
			return MISSING;
		}
		return read.get().etag().equals(etag) ? NOT_MODIFIED : changed(read.get());
	}

	/** The new version, when the object changed. */
	public Optional<StoredObject> changedObject() {
		return Optional.ofNullable(object);
	}

}
