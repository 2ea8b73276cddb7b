/**
 * Spring Data JDBC support for BucketHead: a SQLite dialect, found by Spring Data's {@code DialectResolver}
 * through {@code META-INF/spring.factories} whenever Spring Data JDBC is on the class path.
 */
@NullMarked
package dev.buckethead.autoconfigure.data.jdbc;

import org.jspecify.annotations.NullMarked;
