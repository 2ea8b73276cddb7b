/**
 * Micrometer metrics for BucketHead: flush and restore sizes, the live database, flush health gauges and bucket
 * requests.
 */
@NullMarked
package dev.buckethead.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
