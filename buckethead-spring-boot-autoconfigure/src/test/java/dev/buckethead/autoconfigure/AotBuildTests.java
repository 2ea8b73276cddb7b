package dev.buckethead.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import dev.buckethead.BucketSQLite;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.aot.AbstractAotProcessor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * While AOT processing runs ({@code spring.aot.processing=true}, set by Spring's AOT processors), an engine that
 * a build-time processor instantiates neither creates, restores nor flushes into the configured bucket.
 */
class AotBuildTests {

	@TempDir
	Path temp;

	@AfterEach
	void clearProperty() {
		System.clearProperty(AbstractAotProcessor.AOT_PROCESSING);
	}

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(BucketHeadAutoConfiguration.class))
			.withPropertyValues("buckethead.bucket.local-directory=" + this.temp.resolve("bucket"),
					"buckethead.database.directory=" + this.temp.resolve("live"));
	}

	@Test
	void duringAotProcessingTheConfiguredBucketIsNeverTouched() throws Exception {
		System.setProperty(AbstractAotProcessor.AOT_PROCESSING, "true");
		runner().run((context) -> {
			BucketSQLite database = context.getBean(BucketSQLite.class);
			assertThat(database.bucket().describe()).contains("buckethead-aot-")
				.doesNotContain(this.temp.toString());
			try (var connection = database.connect(); var statement = connection.createStatement()) {
				statement.execute("CREATE TABLE written_at_build_time (v TEXT)");
			}
		});
		// The context here is refreshed whole, so the bucket client bean exists (and made its directory); under
		// process-aot nothing creates it, since the engine does not ask for it. Nothing was written into it.
		try (Stream<Path> files = Files.walk(this.temp.resolve("bucket"))) {
			assertThat(files.filter(Files::isRegularFile)).isEmpty();
		}
		assertThat(Files.exists(this.temp.resolve("live"))).isFalse();
	}

	@Test
	void theTemporaryBucketIsRemovedWhenTheProcessingJvmExits() throws Exception {
		Path directory = Files.createDirectories(this.temp.resolve("buckethead-aot-1/live"));
		Files.writeString(directory.resolve("live.db"), "x");
		Thread removal = AotBuild.removal(this.temp.resolve("buckethead-aot-1"));
		removal.run();
		assertThat(this.temp.resolve("buckethead-aot-1")).doesNotExist();
	}

	@Test
	void otherwiseTheConfiguredBucketIsUsed() {
		runner().run((context) -> assertThat(context.getBean(BucketSQLite.class).bucket().describe())
			.contains(this.temp.resolve("bucket").toString()));
		assertThat(this.temp.resolve("bucket")).isDirectory();
	}

}
