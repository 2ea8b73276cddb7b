package dev.buckethead.autoconfigure;

import java.nio.file.Path;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.buckethead.kv.KvStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application's own database wins, as with Spring Boot's own stores: with {@code spring.datasource.url} or a
 * DataSource bean, BucketHead keeps its database for its views (Flyway migrates the application's), logs once at
 * INFO, and {@code buckethead.datasource.mode} chooses explicitly.
 */
@ExtendWith(OutputCaptureExtension.class)
class BucketHeadDataSourceBackOffTests {

	private static final String BACK_OFF = "BucketHead is not the application's DataSource";

	@TempDir
	Path temp;

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(BucketHeadAutoConfiguration.class,
					BucketHeadDataSourceAutoConfiguration.class, DataSourceAutoConfiguration.class,
					FlywayAutoConfiguration.class))
			.withPropertyValues("buckethead.bucket.local-directory=" + this.temp.resolve("bucket"),
					"buckethead.database.directory=" + this.temp.resolve("live"), "buckethead.snapshot.interval=0",
					"spring.flyway.locations=classpath:db/migration");
	}

	private String appUrl() {
		return "spring.datasource.url=jdbc:sqlite:" + this.temp.resolve("app.db");
	}

	@Test
	void withoutADatabaseOfItsOwnTheApplicationGetsBucketHeads(CapturedOutput output) {
		runner().run((context) -> {
			assertThat(context.getBean(DataSource.class)).isInstanceOf(HikariDataSource.class)
				.extracting((dataSource) -> ((HikariDataSource) dataSource).getPoolName())
				.isEqualTo("buckethead");
			assertThat(output).doesNotContain(BACK_OFF);
		});
	}

	@Test
	void aDatasourceUrlKeepsTheApplicationsDatabaseAndBucketHeadsForItsViews(CapturedOutput output) {
		runner().withPropertyValues(appUrl()).run((context) -> {
			assertThat(context).hasNotFailed();
			DataSource dataSource = context.getBean(DataSource.class);
			assertThat(((HikariDataSource) dataSource).getJdbcUrl()).endsWith("app.db");
			JdbcTemplate app = new JdbcTemplate(dataSource);
			assertThat(app.queryForList("SELECT body FROM note", String.class)).containsExactly("created by V1");
			KvStore kv = context.getBean(KvStore.class);
			kv.set("k", "v");
			assertThat(kv.get("k")).isEqualTo("v");
			assertThat(app.queryForObject("SELECT count(*) FROM sqlite_master WHERE name = 'bh_kv'", Integer.class))
				.isZero();
			assertThat(output).containsOnlyOnce(BACK_OFF + " (spring.datasource.url is set)")
				.contains("Set buckethead.datasource.mode=primary");
		});
	}

	@Test
	void anApplicationDataSourceBeanWins(CapturedOutput output) {
		runner().withUserConfiguration(ApplicationDataSource.class).run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(DataSource.class);
			assertThat(context.getBean(DataSource.class)).isInstanceOf(SimpleDriverDataSource.class);
			assertThat(output).containsOnlyOnce(BACK_OFF + " (the application defines its own DataSource bean)");
		});
	}

	@Test
	void primaryModeIgnoresTheDatasourceUrl(CapturedOutput output) {
		runner().withPropertyValues(appUrl(), "buckethead.datasource.mode=primary").run((context) -> {
			assertThat(((HikariDataSource) context.getBean(DataSource.class)).getPoolName()).isEqualTo("buckethead");
			assertThat(output).doesNotContain(BACK_OFF);
		});
	}

	@Test
	void viewsOnlyModeNeverProvidesTheDataSource(CapturedOutput output) {
		runner().withPropertyValues("buckethead.datasource.mode=views-only").run((context) -> {
			// No URL and no bean: Spring Boot's own DataSource auto-configuration has nothing to connect to.
			assertThat(context).hasFailed();
			assertThat(output).contains(BACK_OFF + " (buckethead.datasource.mode is views-only)");
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class ApplicationDataSource {

		@Bean
		SimpleDriverDataSource applicationDataSource() {
			return new SimpleDriverDataSource(new org.sqlite.JDBC(), "jdbc:sqlite::memory:");
		}

	}

}
