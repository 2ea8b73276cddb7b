package dev.buckethead.autoconfigure;

import java.util.Set;

import dev.buckethead.shares.Shares;
import dev.buckethead.view.View;

import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDependsOnDatabaseInitializationDetector;

/**
 * Makes every BucketHead view bean ({@code KvStore}, {@code LocalFileTracker}, the application's own {@link View}s,
 * and {@code Shares}, which creates the file store) wait for Flyway,
 * Liquibase and SQL script initialization. Views create their {@code bh_*} tables when constructed, and Flyway
 * refuses to migrate a schema that already holds tables but no history. Registered in
 * {@code META-INF/spring.factories}; only loaded when Spring Boot's SQL initialization support is present.
 */
class ViewsDependOnDatabaseInitializationDetector extends AbstractBeansOfTypeDependsOnDatabaseInitializationDetector {

	@Override
	protected Set<Class<?>> getDependsOnDatabaseInitializationBeanTypes() {
		return Set.of(View.class, Shares.class);
	}

}
