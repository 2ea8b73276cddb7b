package dev.buckethead.sample;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteJDBCLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both sqlite-jdbc versions an application may run are tested: BucketHead's own (core and the modules are built
 * with it; the {@code buckethead-dependencies} BOM names it) and the one Spring Boot's dependency management
 * gives an application on {@code spring-boot-starter-parent} (a BOM imported by the application cannot override
 * that), which the sample app, and so every process-level test, runs.
 */
class SqliteJdbcVersionTests {

	@Test
	void theSampleRunsSpringBootsManagedVersionAsAnApplicationOnTheParentDoes() throws Exception {
		String boots = pomProperty(property("build.boot-dependencies.pom"), "sqlite-jdbc.version");
		assertThat(property("build.sample.sqlite-jdbc.version"))
			.as("the sample's sqlite-jdbc.version must be Spring Boot's managed one")
			.isEqualTo(boots);
		assertThat(SQLiteJDBCLoader.getVersion()).isEqualTo(boots);
	}

	@Test
	void theBomNamesTheBuildsVersions() throws Exception {
		String bom = property("build.buckethead-dependencies.pom");
		assertThat(pomProperty(bom, "sqlite-jdbc.version")).isEqualTo(property("build.sqlite-jdbc.version"));
		assertThat(pomProperty(bom, "zstd-jni.version")).isEqualTo(property("build.zstd-jni.version"));
		assertThat(pomProperty(bom, "awssdk.version")).isEqualTo(property("build.awssdk.version"));
		assertThat(pomProperty(bom, "buckethead.version")).isEqualTo(property("build.buckethead.version"));
	}

	private static String property(String name) {
		String value = System.getProperty(name);
		assertThat(value).as("system property %s (set by the sample's surefire configuration)", name).isNotBlank();
		return value;
	}

	private static String pomProperty(String pom, String name) throws Exception {
		Matcher matcher = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(Files.readString(Path.of(pom)));
		assertThat(matcher.find()).as("<%s> in %s", name, pom).isTrue();
		return matcher.group(1).trim();
	}

}
