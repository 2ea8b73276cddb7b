package dev.buckethead;

/**
 * Marks a {@link BucketHeadException} caused by the caller's input (a malformed filter, an invalid key or name,
 * an unknown file or branch): the same call fails the same way again, and nothing was changed. Lets an
 * application map these to a client error (HTTP 4xx) in one place without listing every class.
 */
public interface CallerError {

	/** Whether the input named something that does not exist (HTTP 404), rather than being malformed. */
	default boolean notFound() {
		return false;
	}

}
