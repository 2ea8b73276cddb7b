/**
 * Test support shared by every BucketHead module: a real S3 server ({@link dev.buckethead.test.S3TestServer}).
 * Plain Java, no test framework required.
 */
@NullMarked
package dev.buckethead.test;

import org.jspecify.annotations.NullMarked;
