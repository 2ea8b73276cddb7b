/**
 * BucketHead: an in-memory SQLite database made durable by incremental snapshots to an S3-compatible bucket.
 * Start with {@link dev.buckethead.BucketSQLite}.
 */
@NullMarked
package dev.buckethead;

import org.jspecify.annotations.NullMarked;
