package dev.buckethead.docs;

/**
 * What an update did.
 *
 * @param matched documents the filter selected
 * @param modified documents whose content actually changed (a {@code $set} to the current value changes nothing)
 */
public record UpdateResult(long matched, long modified) {
}
