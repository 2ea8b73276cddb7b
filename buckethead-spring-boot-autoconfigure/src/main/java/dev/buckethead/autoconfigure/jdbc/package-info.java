/**
 * Spring JDBC support for BucketHead: SQLite result codes translated into Spring's {@code DataAccessException}
 * family, for {@code JdbcTemplate}, {@code JdbcClient}, Spring Data JDBC and the JDBC transaction manager.
 */
@NullMarked
package dev.buckethead.autoconfigure.jdbc;

import org.jspecify.annotations.NullMarked;
