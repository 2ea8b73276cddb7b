package dev.buckethead.docs;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * What an update did.
 *
 * @param matched documents the filter selected
 * @param modified documents whose content actually changed (a {@code $set} to the current value changes nothing)
 * @param upsertedId the {@code _id} of the document an upsert inserted because nothing matched; null otherwise
 */
public record UpdateResult(long matched, long modified, @Nullable JsonNode upsertedId) {

	public UpdateResult(long matched, long modified) {
		this(matched, modified, null);
	}

}
