package dev.buckethead.autoconfigure;

import dev.buckethead.BucketSQLite;

/**
 * Changes the {@link BucketSQLite.Builder} after {@code buckethead.*} properties are applied and before the
 * database starts: for settings that have no property, such as a {@link java.time.Clock}. Beans of this type are
 * applied in {@link org.springframework.core.Ordered order}.
 */
@FunctionalInterface
public interface BucketSQLiteBuilderCustomizer {

	void customize(BucketSQLite.Builder builder);

}
