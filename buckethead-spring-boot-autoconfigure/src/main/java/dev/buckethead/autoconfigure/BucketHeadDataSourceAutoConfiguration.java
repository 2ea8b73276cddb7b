package dev.buckethead.autoconfigure;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.buckethead.BucketSQLite;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Makes the live BucketHead database the application's {@link DataSource}, pooled by HikariCP, so that
 * {@code JdbcTemplate}, Flyway, Liquibase, Spring Data JDBC and {@code @Transactional} all work on it. Runs before
 * Spring Boot's own {@code DataSourceAutoConfiguration}, which then backs off.
 * <p>
 * The pool wraps the started {@link BucketSQLite}, so anything that uses the DataSource, migrations included,
 * runs against the restored database. Transactions begin IMMEDIATE: a transaction takes SQLite's single write
 * lock when it begins, and concurrent ones wait for it instead of failing with "database is locked".
 */
@AutoConfiguration(after = BucketHeadAutoConfiguration.class,
		beforeName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnClass(name = { "javax.sql.DataSource", "com.zaxxer.hikari.HikariDataSource" })
@ConditionalOnBean(BucketSQLite.class)
@ConditionalOnBooleanProperty(name = "buckethead.datasource.enabled", matchIfMissing = true)
public final class BucketHeadDataSourceAutoConfiguration {

	/**
	 * Eight connections. SQLite runs one write transaction at a time, so connections beyond a few only wait on
	 * its lock, polling in its busy handler, where they would better wait in Hikari's fair queue; with the live
	 * database in WAL mode, readers do run in parallel, and eight covers a typical CPU count of concurrent
	 * reads. Connections are cheap (no network), so the pool stays fixed-size, as Hikari recommends.
	 */
	static final int MAXIMUM_POOL_SIZE = 8;

	/**
	 * Pool settings can be changed with {@code spring.datasource.hikari.*}, bound over these defaults. Bound with
	 * the {@link Binder} rather than {@code @ConfigurationProperties} so that Spring Boot's own metadata for those
	 * properties is not duplicated, without descriptions, in BucketHead's.
	 */
	@Bean
	@ConditionalOnMissingBean(DataSource.class)
	HikariDataSource dataSource(BucketSQLite database, Environment environment) {
		return pool(database.dataSource(), "buckethead", environment);
	}

	/** A pool of {@code MAXIMUM_POOL_SIZE} over {@code connections}, with {@code spring.datasource.hikari.*} bound. */
	static HikariDataSource pool(DataSource connections, String name, Environment environment) {
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setDataSource(connections);
		dataSource.setPoolName(name);
		dataSource.setMaximumPoolSize(MAXIMUM_POOL_SIZE);
		Binder.get(environment).bind("spring.datasource.hikari", Bindable.ofInstance(dataSource));
		return dataSource;
	}

}
