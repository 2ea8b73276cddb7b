package dev.buckethead.testapp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteJDBCLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #16 item 6: an application on {@code spring-boot-starter-parent} that follows the README (sets Boot's
 * {@code sqlite-jdbc.version} property) runs the sqlite-jdbc BucketHead is tested with, the one its
 * {@code buckethead-dependencies} BOM names, not the older one Boot manages.
 */
class SqliteJdbcVersionTests {

	@Test
	void theAppRunsTheSqliteJdbcBucketHeadIsTestedWith() throws Exception {
		String bom = Files.readString(Path.of(System.getProperty("build.buckethead-dependencies.pom")));
		Matcher version = Pattern.compile("<sqlite-jdbc.version>([^<]+)</sqlite-jdbc.version>").matcher(bom);
		assertThat(version.find()).as("the BOM names a sqlite-jdbc version").isTrue();
		assertThat(SQLiteJDBCLoader.getVersion()).isEqualTo(version.group(1));
	}

}
