/**
 * Test support for BucketHead: every Spring test context gets an ephemeral bucket and live directory (never the
 * configured bucket), {@link dev.buckethead.autoconfigure.test.AutoConfigureBucketHead} brings BucketHead into
 * test slices such as {@code @JdbcTest} and starts a test from a snapshot fixture.
 */
@NullMarked
package dev.buckethead.autoconfigure.test;

import org.jspecify.annotations.NullMarked;
