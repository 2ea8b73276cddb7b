/**
 * Spring Boot auto-configuration for BucketHead: the bucket, the started {@link dev.buckethead.BucketSQLite}, its
 * branches and typed views, a pooled {@link javax.sql.DataSource} over the live database, the final flush at
 * shutdown, and the original library's {@code BUCKETHEAD_*} variables as a fallback configuration source.
 */
@NullMarked
package dev.buckethead.autoconfigure;

import org.jspecify.annotations.NullMarked;
