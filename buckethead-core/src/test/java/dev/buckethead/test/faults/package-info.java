/**
 * Fault injection for fast tests of what BucketHead does when the bucket is slow, stuck or failing:
 * {@link dev.buckethead.test.faults.FaultyBucketClient} decorates any real {@code BucketClient}. Shipped in
 * buckethead-core's test jar, so that the other modules' tests can use it too.
 */
@NullMarked
package dev.buckethead.test.faults;

import org.jspecify.annotations.NullMarked;
