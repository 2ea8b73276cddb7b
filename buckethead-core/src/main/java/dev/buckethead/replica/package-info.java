/**
 * Read replicas: a process that restores a branch from the bucket and then follows it, one request per poll,
 * applying each new page delta to its live file atomically for its readers. Start with
 * {@link dev.buckethead.BucketSQLite.Builder#replicaOf(String)}.
 */
@NullMarked
package dev.buckethead.replica;

import org.jspecify.annotations.NullMarked;
