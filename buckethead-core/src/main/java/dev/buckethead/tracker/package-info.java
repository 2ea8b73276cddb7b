/**
 * Keeps files on the local disk versioned in the {@link dev.buckethead.files.FileStore}: start with
 * {@link dev.buckethead.tracker.LocalFileTracker}.
 */
@NullMarked
package dev.buckethead.tracker;

import org.jspecify.annotations.NullMarked;
