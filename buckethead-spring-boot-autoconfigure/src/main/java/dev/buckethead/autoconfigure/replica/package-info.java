/**
 * Auto-configuration of a read replica ({@code buckethead.mode=replica}): the {@link dev.buckethead.replica.BucketReplica},
 * its read-only DataSource and views, health, metrics and Actuator endpoint.
 */
@NullMarked
package dev.buckethead.autoconfigure.replica;

import org.jspecify.annotations.NullMarked;
