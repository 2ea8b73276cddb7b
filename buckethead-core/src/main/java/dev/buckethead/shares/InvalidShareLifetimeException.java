package dev.buckethead.shares;

import dev.buckethead.CallerError;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/** A presigned link was asked to live less than a second, or more than S3's limit of 7 days. */
public class InvalidShareLifetimeException extends ShareException implements CallerError {

	public InvalidShareLifetimeException(String key, @Nullable Duration lifetime) {
		super("Cannot share '" + key + "' for " + lifetime + ": a presigned link must live at least 1 second and at most "
				+ ShareConfig.MAX_LIFETIME.toDays() + " days (S3's limit on signatures); for links that never "
				+ "expire use a public-read share bucket and set its public base URL");
	}

}
