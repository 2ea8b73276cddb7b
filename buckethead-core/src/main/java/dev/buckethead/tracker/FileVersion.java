package dev.buckethead.tracker;

import java.nio.file.Path;
import java.time.Instant;

/**
 * One version of a tracked file: a content the file had when a {@link LocalFileTracker#sync() sync} saw it.
 *
 * @param path the file, absolute and normalized
 * @param version 1 for the first content synced, then one more for each different content
 * @param key the {@link dev.buckethead.files.FileStore} key of the content
 * @param size the content's length in bytes
 * @param modifiedAt the file's modification time when this content was synced
 * @param syncedAt when the sync recorded this version, by {@link TrackerOptions#clock()}
 */
public record FileVersion(Path path, int version, String key, long size, Instant modifiedAt, Instant syncedAt) {
}
