package dev.buckethead.tracker;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A file or directory given to {@link LocalFileTracker#track(Path, PathFilter)}.
 *
 * @param path the root, absolute and normalized
 * @param filter which files under a directory are tracked
 * @param trackedAt when it was (last) given to {@code track}
 */
public record TrackedRoot(Path path, PathFilter filter, Instant trackedAt) {
}
