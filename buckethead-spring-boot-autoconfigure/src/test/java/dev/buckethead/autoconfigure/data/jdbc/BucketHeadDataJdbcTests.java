package dev.buckethead.autoconfigure.data.jdbc;

import java.nio.file.Path;
import java.util.List;

import dev.buckethead.autoconfigure.BucketHeadAutoConfiguration;
import dev.buckethead.test.S3TestServer;
import dev.buckethead.autoconfigure.BucketHeadDataSourceAutoConfiguration;
import dev.buckethead.autoconfigure.jdbc.BucketHeadJdbcAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.jdbc.autoconfigure.DataJdbcRepositoriesAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.jdbc.core.dialect.JdbcDialect;
import org.springframework.data.jdbc.repository.config.EnableJdbcRepositories;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Spring Data JDBC repositories on the BucketHead DataSource, with the SQLite dialect found by itself. */
class BucketHeadDataJdbcTests {

	private static final S3TestServer SERVER = S3TestServer.shared();

	@TempDir
	Path temp;

	private void run(ContextConsumer<AssertableApplicationContext> test) {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(BucketHeadAutoConfiguration.class,
					BucketHeadDataSourceAutoConfiguration.class, BucketHeadJdbcAutoConfiguration.class,
					DataSourceAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
					DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class,
					DataJdbcRepositoriesAutoConfiguration.class))
			.withUserConfiguration(Repositories.class)
			// End to end on the real S3 test server (S3Proxy over HTTP), as an application would run.
			.withPropertyValues("buckethead.bucket.name=" + SERVER.createBucket("data-jdbc"),
					"buckethead.bucket.endpoint=" + SERVER.endpoint(), "buckethead.bucket.region=" + SERVER.region(),
					"buckethead.bucket.access-key-id=" + SERVER.accessKey(),
					"buckethead.bucket.secret-access-key=" + SERVER.secretKey(), "buckethead.gc.interval=0",
					"buckethead.database.directory=" + this.temp.resolve("live"), "buckethead.snapshot.interval=0")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				context.getBean(JdbcTemplate.class)
					.batchUpdate("CREATE TABLE book (id INTEGER PRIMARY KEY, version INTEGER NOT NULL, "
							+ "title TEXT NOT NULL UNIQUE, author TEXT, year INTEGER)",
							"CREATE TABLE ticket (id INTEGER PRIMARY KEY)");
				test.accept(context);
			});
	}

	@Test
	void sqliteDialectIsResolvedWithoutConfiguration() {
		run((context) -> assertThat(context.getBean(JdbcDialect.class)).isSameAs(JdbcSQLiteDialect.INSTANCE));
	}

	@Test
	void crudWithGeneratedIdsAndVersions() {
		run((context) -> {
			BookRepository books = context.getBean(BookRepository.class);
			Book dune = books.save(new Book("Dune", "Herbert", 1965));
			assertThat(dune.id).isNotNull();
			assertThat(dune.version).isZero();
			dune.year = 1966;
			books.save(dune);
			assertThat(dune.version).isEqualTo(1);
			Book loaded = books.findById(dune.id).orElseThrow();
			assertThat(loaded.year).isEqualTo(1966);
			assertThat(loaded.version).isEqualTo(1);
			books.saveAll(List.of(new Book("Emma", "Austen", 1815), new Book("Persuasion", "Austen", 1817)));
			assertThat(books.count()).isEqualTo(3);
			books.deleteById(dune.id);
			assertThat(books.existsById(dune.id)).isFalse();
			assertThat(books.count()).isEqualTo(2);
		});
	}

	@Test
	void aggregateWithOnlyAnIdIsInsertedWithDefaultValues() {
		run((context) -> {
			TicketRepository tickets = context.getBean(TicketRepository.class);
			Ticket first = tickets.save(new Ticket());
			Ticket second = tickets.save(new Ticket());
			assertThat(first.id).isNotNull();
			assertThat(second.id).isGreaterThan(first.id);
			assertThat(tickets.count()).isEqualTo(2);
		});
	}

	@Test
	void derivedQueriesPagingAndSorting() {
		run((context) -> {
			BookRepository books = context.getBean(BookRepository.class);
			books.saveAll(List.of(new Book("Emma", "Austen", 1815), new Book("Persuasion", "Austen", 1817),
					new Book("Pride and Prejudice", "Austen", 1813), new Book("Dune", "Herbert", 1965),
					new Book("Undated", "Anonymous", null)));
			assertThat(books.findByAuthorOrderByYearAsc("Austen")).extracting((book) -> book.title)
				.containsExactly("Pride and Prejudice", "Emma", "Persuasion");
			Page<Book> second = books.findByAuthor("Austen", PageRequest.of(1, 2, Sort.by("year")));
			assertThat(second.getContent()).extracting((book) -> book.title).containsExactly("Persuasion");
			assertThat(second.getTotalElements()).isEqualTo(3);
			assertThat(second.getTotalPages()).isEqualTo(2);
			Page<Book> all = books.findAll(PageRequest.of(0, 2, Sort.by(Sort.Order.desc("year").nullsFirst())));
			assertThat(all.getContent()).extracting((book) -> book.title).containsExactly("Undated", "Dune");
			assertThat(all.getTotalElements()).isEqualTo(5);
			assertThat(books.findAll(Sort.by("title"))).extracting((book) -> book.title)
				.containsExactly("Dune", "Emma", "Persuasion", "Pride and Prejudice", "Undated");
			assertThat(books.findFirst2ByYearGreaterThanOrderByYearDesc(1800)).extracting((book) -> book.title)
				.containsExactly("Dune", "Persuasion");
			assertThat(books.countByTitleStartingWith("P")).isEqualTo(2);
		});
	}

	@Test
	void staleVersionIsAnOptimisticLockingFailure() {
		run((context) -> {
			BookRepository books = context.getBean(BookRepository.class);
			Long id = books.save(new Book("Dune", "Herbert", 1965)).id;
			Book mine = books.findById(id).orElseThrow();
			Book alsoMine = books.findById(id).orElseThrow();
			Book theirs = books.findById(id).orElseThrow();
			theirs.year = 1966;
			books.save(theirs);
			mine.year = 1967;
			assertThatExceptionOfType(OptimisticLockingFailureException.class).isThrownBy(() -> books.save(mine));
			assertThatExceptionOfType(OptimisticLockingFailureException.class)
				.isThrownBy(() -> books.delete(alsoMine));
			assertThat(books.findById(id).orElseThrow().year).isEqualTo(1966);
		});
	}

	@Test
	void duplicateKeyThroughARepositoryIsTranslated() {
		run((context) -> {
			BookRepository books = context.getBean(BookRepository.class);
			books.save(new Book("Dune", "Herbert", 1965));
			Throwable thrown = catchThrowable(() -> books.save(new Book("Dune", "Someone else", 2000)));
			assertThat(thrown).isInstanceOf(DuplicateKeyException.class);
		});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableJdbcRepositories(basePackageClasses = BookRepository.class)
	static class Repositories {

	}

}
