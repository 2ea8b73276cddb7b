package dev.buckethead.autoconfigure;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.buckethead.BucketSQLite;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Makes the live BucketHead database the application's {@link DataSource}, pooled by HikariCP, so that
 * {@code JdbcTemplate}, Flyway, Liquibase, Spring Data JDBC and {@code @Transactional} all work on it. Runs before
 * Spring Boot's own {@code DataSourceAutoConfiguration}, which then backs off.
 * <p>
 * The pool wraps the started {@link BucketSQLite}, so anything that uses the DataSource, migrations included,
 * runs against the restored database. Transactions begin IMMEDIATE: a transaction takes SQLite's single write
 * lock when it begins, and concurrent ones wait for it instead of failing with "database is locked".
 * <p>
 * Backs off, as Spring Boot's own stores do, when the application has its own database: {@code spring.datasource.url}
 * set or a {@code DataSource} bean of its own ({@code buckethead.datasource.mode} chooses explicitly, see
 * {@link DataSourceMode}). BucketHead then keeps its database for its views and says so once at INFO.
 */
@AutoConfiguration(after = BucketHeadAutoConfiguration.class,
		beforeName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnClass(name = { "javax.sql.DataSource", "com.zaxxer.hikari.HikariDataSource" })
@ConditionalOnBean(BucketSQLite.class)
public final class BucketHeadDataSourceAutoConfiguration {

	private static final Log logger = LogFactory.getLog(BucketHeadDataSourceAutoConfiguration.class);

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
	@Configuration(proxyBeanMethods = false)
	@Conditional(OnDataSourceRoleCondition.Primary.class)
	static class PrimaryDataSource {

		@Bean
		@ConditionalOnMissingBean(DataSource.class)
		HikariDataSource dataSource(BucketSQLite database, Environment environment) {
			return pool(database.dataSource(), "buckethead", environment);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Conditional(OnDataSourceRoleCondition.ViewsOnly.class)
	static class ViewsOnly {

		/** Only says, once, why the application's database is not BucketHead's, and how to change that. */
		ViewsOnly(Environment environment, BucketSQLite database) {
			// Decided again without the bean factory (which now holds Boot's DataSource too): the settings
			// alone would have made it primary only when the application's own DataSource bean decided.
			DataSourceRole role = OnDataSourceRoleCondition.role(environment, null);
			String reason = role.primary() ? DataSourceRole.APPLICATION_BEAN : role.reason();
			logger.info("BucketHead is not the application's DataSource (" + reason + "); its own database serves "
					+ "KvStore, DocStore, FileStore and the other views, snapshotted to " + database.bucket().describe()
					+ ". Set buckethead.datasource.mode=primary to make it the DataSource");
		}

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
