package dev.buckethead.testapp;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.buckethead.BucketSQLite;
import dev.buckethead.kv.KvStore;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #16 item 2: with {@code spring.datasource.url} set, the app's database is its own (Flyway migrates it,
 * the repository writes there) and BucketHead keeps its database for its views, saying so once at INFO;
 * {@code buckethead.datasource.mode=primary} chooses BucketHead's database explicitly.
 */
class DataSourceBackOffTests {

	static final String BUCKET = ShelfBucket.create("back-off");

	static final String OWN_DATABASE = "jdbc:sqlite:target/own-datasource.db";

	static final String NOT_THE_DATASOURCE = "BucketHead is not the application's DataSource";

	@DynamicPropertySource
	static void bucket(DynamicPropertyRegistry registry) {
		ShelfBucket.register(registry, BUCKET);
	}

	@Nested
	@SpringBootTest(properties = "spring.datasource.url=" + OWN_DATABASE)
	@ExtendWith(OutputCaptureExtension.class)
	class WithItsOwnDatabaseUrl {

		@Autowired
		DataSource dataSource;

		@Autowired
		BookRepository books;

		@Autowired
		BucketSQLite database;

		@Autowired
		KvStore kv;

		@Test
		void theAppKeepsItsDatabaseAndBucketHeadItsOwnForTheViews(CapturedOutput output) throws Exception {
			assertThat(this.dataSource).isInstanceOfSatisfying(HikariDataSource.class,
					(pool) -> assertThat(pool.getJdbcUrl()).isEqualTo(OWN_DATABASE));
			Book saved = this.books.save(Book.of("Own", "App", "isbn-own-" + System.nanoTime(), 1));
			try (Connection own = DriverManager.getConnection(OWN_DATABASE);
					ResultSet row = own.createStatement().executeQuery("SELECT title FROM book WHERE id = " + saved.id())) {
				assertThat(row.next()).as("the book is in the app's own database").isTrue();
			}
			assertThat(hasBookTable(this.database)).as("Flyway did not migrate BucketHead's database").isFalse();
			this.kv.set("greeting", "hello");
			assertThat(this.kv.get("greeting")).isEqualTo("hello");
			assertThat(output.getOut().split(NOT_THE_DATASOURCE, -1)).hasSize(2);
			assertThat(output.getOut()).contains("spring.datasource.url", "buckethead.datasource.mode=primary");
		}

	}

	@Nested
	@SpringBootTest(properties = { "spring.datasource.url=" + OWN_DATABASE, "buckethead.datasource.mode=primary" })
	class ChoosingBucketHeadExplicitly {

		@Autowired
		DataSource dataSource;

		@Autowired
		BucketSQLite database;

		@Test
		void bucketHeadIsTheDataSourceDespiteTheUrl() throws Exception {
			assertThat(this.dataSource).isInstanceOfSatisfying(HikariDataSource.class,
					(pool) -> assertThat(pool.getPoolName()).isEqualTo("buckethead"));
			assertThat(hasBookTable(this.database)).as("Flyway migrated BucketHead's database").isTrue();
		}

	}

	static boolean hasBookTable(BucketSQLite database) throws Exception {
		try (Connection connection = database.dataSource().getConnection();
				ResultSet table = connection.createStatement()
					.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'book'")) {
			return table.next();
		}
	}

}
