/**
 * Test support shared by every BucketHead module: a real S3 server ({@link dev.buckethead.test.S3TestServer}) and
 * a packaged application run as a process of its own ({@link dev.buckethead.test.JarApplication},
 * {@link dev.buckethead.test.JarProcess}, which waits with Awaitility and fails with AssertJ).
 */
@NullMarked
package dev.buckethead.test;

import org.jspecify.annotations.NullMarked;
