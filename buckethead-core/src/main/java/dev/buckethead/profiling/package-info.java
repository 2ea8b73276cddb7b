/**
 * Profiling of flushes and restores with the JDK's own tools: Java Flight Recorder events, and the bucket I/O
 * counters ({@link dev.buckethead.bucket.IoCounters#toJson()}).
 */
@NullMarked
package dev.buckethead.profiling;

import org.jspecify.annotations.NullMarked;
