package dev.buckethead.autoconfigure.jdbc;

import javax.sql.DataSource;

import dev.buckethead.BucketSQLite;
import dev.buckethead.autoconfigure.BucketHeadDataSourceAutoConfiguration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.transaction.autoconfigure.TransactionManagerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.jdbc.support.SQLErrorCodeSQLExceptionTranslator;
import org.springframework.jdbc.support.SQLExceptionSubclassTranslator;
import org.springframework.jdbc.support.SQLExceptionTranslator;

/**
 * Registers a {@link SQLiteExceptionTranslator} bean, which Spring Boot's {@code JdbcTemplate} auto-configuration
 * applies (it takes a unique {@link SQLExceptionTranslator} bean), and with it {@code NamedParameterJdbcTemplate},
 * {@code JdbcClient} and Spring Data JDBC, which are built on that template; the JDBC transaction manager gets it
 * too, for failures at commit. An application's own {@code SQLExceptionTranslator} bean replaces it.
 */
@AutoConfiguration(after = BucketHeadDataSourceAutoConfiguration.class,
		beforeName = { "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration",
				"org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration" })
@ConditionalOnClass(name = "org.springframework.jdbc.support.SQLExceptionTranslator")
@ConditionalOnBean(BucketSQLite.class)
public final class BucketHeadJdbcAutoConfiguration {

	/**
	 * Exceptions that are not SQLite's, from an application DataSource that BucketHead left in place, get the
	 * translation a {@code JdbcTemplate} would have given them without this bean.
	 */
	@Bean
	@ConditionalOnMissingBean(SQLExceptionTranslator.class)
	SQLiteExceptionTranslator bucketHeadSqlExceptionTranslator(ObjectProvider<DataSource> dataSource) {
		DataSource unique = dataSource.getIfUnique();
		return new SQLiteExceptionTranslator((unique != null) ? new SQLErrorCodeSQLExceptionTranslator(unique)
				: new SQLExceptionSubclassTranslator());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.transaction.autoconfigure.TransactionManagerCustomizer")
	static class TransactionManagerTranslation {

		@Bean
		TransactionManagerTranslator bucketHeadTransactionManagerTranslator(
				ObjectProvider<SQLExceptionTranslator> translator) {
			return new TransactionManagerTranslator(translator);
		}

	}

	/** A class rather than a lambda, so that Boot sees which transaction managers it customizes. */
	static final class TransactionManagerTranslator implements TransactionManagerCustomizer<JdbcTransactionManager> {

		private final ObjectProvider<SQLExceptionTranslator> translator;

		TransactionManagerTranslator(ObjectProvider<SQLExceptionTranslator> translator) {
			this.translator = translator;
		}

		@Override
		public void customize(JdbcTransactionManager transactionManager) {
			this.translator.ifUnique(transactionManager::setExceptionTranslator);
		}

	}

}
