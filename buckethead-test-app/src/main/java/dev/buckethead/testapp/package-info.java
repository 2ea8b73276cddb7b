/**
 * A user's application on the BucketHead starter, as the README describes one: Flyway migrates the restored
 * database, Spring Data JDBC keeps the books, the bucket is configured in {@code application.yml}.
 */
@NullMarked
package dev.buckethead.testapp;

import org.jspecify.annotations.NullMarked;
