package dev.buckethead.autoconfigure;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.buckethead.BucketSQLite;
import dev.buckethead.kv.KvStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The DataSource with the usual Spring Boot JDBC stack: Flyway migrates the restored database, JdbcTemplate and
 * {@code @Transactional} work on it, and concurrent transactions serialize without "database is locked".
 */
class BucketHeadDataSourceIntegrationTests {

	@TempDir
	Path temp;

	private ApplicationContextRunner runner(String migrations) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(BucketHeadAutoConfiguration.class,
					BucketHeadDataSourceAutoConfiguration.class, DataSourceAutoConfiguration.class,
					FlywayAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
					DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class))
			.withUserConfiguration(CounterService.Config.class)
			.withPropertyValues("buckethead.bucket.local-directory=" + this.temp.resolve("bucket"),
					"buckethead.database.directory=" + this.temp.resolve("live"), "buckethead.snapshot.interval=0",
					"spring.flyway.locations=" + migrations);
	}

	@Test
	void flywayMigratesTheRestoredDatabaseOnce() {
		runner("classpath:db/migration").run((context) -> {
			assertThat(context).hasNotFailed();
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			assertThat(jdbc.queryForList("SELECT body FROM note", String.class)).containsExactly("created by V1");
			jdbc.update("INSERT INTO note (body) VALUES ('written by the first run')");
		});
		runner("classpath:db/migration").run((context) -> {
			assertThat(context).hasNotFailed();
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			assertThat(jdbc.queryForList("SELECT body FROM note ORDER BY id", String.class))
				.containsExactly("created by V1", "written by the first run");
			assertThat(jdbc.queryForObject("SELECT count(*) FROM flyway_schema_history WHERE version = '1'",
					Integer.class))
				.isEqualTo(1);
		});
	}

	@Test
	void transactionalRollsBack() {
		runner("classpath:db/counter").run((context) -> {
			CounterService counter = context.getBean(CounterService.class);
			assertThatIllegalStateException().isThrownBy(() -> counter.incrementThenFail());
			assertThat(counter.value()).isZero();
			counter.increment();
			assertThat(counter.value()).isEqualTo(1);
			assertThat(counter.readOnlyValue()).isEqualTo(1);
		});
	}

	@Test
	void concurrentTransactionalIncrementsAreExact() {
		runner("classpath:db/counter").run((context) -> {
			CounterService counter = context.getBean(CounterService.class);
			int threads = 8;
			int increments = 200;
			ExecutorService pool = Executors.newFixedThreadPool(threads);
			try {
				List<Future<?>> done = new ArrayList<>();
				for (int i = 0; i < threads; i++) {
					done.add(pool.submit(() -> {
						for (int n = 0; n < increments; n++) {
							counter.increment();
						}
					}));
				}
				for (Future<?> future : done) {
					// Rethrows any failure, "database is locked" included.
					future.get(2, TimeUnit.MINUTES);
				}
			}
			finally {
				pool.shutdownNow();
			}
			assertThat(counter.value()).isEqualTo(threads * increments);
		});
	}

	@Test
	void viewsAreCreatedAfterFlywaySoItSeesAnEmptySchema() {
		runner("classpath:db/migration").withUserConfiguration(EagerKvUser.class).run((context) -> {
			assertThat(context).hasNotFailed();
			context.getBean(KvStore.class).set("greeting", "hello");
			assertThat(context.getBean(JdbcTemplate.class).queryForObject("SELECT count(*) FROM note", Integer.class))
				.isEqualTo(1);
		});
		runner("classpath:db/migration").withUserConfiguration(EagerKvUser.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(KvStore.class).get("greeting")).isEqualTo("hello");
		});
	}

	@Test
	void theDataSourceSeesABranchSwitch() {
		runner("classpath:db/counter").run((context) -> {
			CounterService counter = context.getBean(CounterService.class);
			BucketSQLite database = context.getBean(BucketSQLite.class);
			counter.increment();
			database.branches().create("experiment");
			database.branches().switchTo("experiment");
			counter.increment();
			assertThat(counter.value()).isEqualTo(2);
			database.branches().switchTo("main");
			assertThat(counter.value()).isEqualTo(1);
		});
	}

	/** Increments the counter row in transactions, the way an application would. */
	static class CounterService {

		private final JdbcTemplate jdbc;

		CounterService(JdbcTemplate jdbc) {
			this.jdbc = jdbc;
		}

		@Transactional
		public void increment() {
			Integer current = this.jdbc.queryForObject("SELECT value FROM counter WHERE id = 1", Integer.class);
			this.jdbc.update("UPDATE counter SET value = ? WHERE id = 1", current + 1);
		}

		@Transactional
		public void incrementThenFail() {
			increment();
			throw new IllegalStateException("rolled back");
		}

		public int value() {
			return this.jdbc.queryForObject("SELECT value FROM counter WHERE id = 1", Integer.class);
		}

		@Transactional(readOnly = true)
		public int readOnlyValue() {
			return value();
		}

		@Configuration(proxyBeanMethods = false)
		static class Config {

			@Bean
			CounterService counterService(JdbcTemplate jdbc) {
				return new CounterService(jdbc);
			}

		}

	}

	/** A bean that needs the KvStore eagerly, as an application's service would. */
	@Configuration(proxyBeanMethods = false)
	static class EagerKvUser {

		@Bean
		String kvUser(KvStore kv) {
			return "uses " + kv.size() + " entries";
		}

	}

}
