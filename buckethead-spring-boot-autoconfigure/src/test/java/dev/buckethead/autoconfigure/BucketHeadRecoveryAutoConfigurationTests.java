package dev.buckethead.autoconfigure;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;

import dev.buckethead.BucketSQLite;
import dev.buckethead.autoconfigure.actuate.BucketHeadEndpoint;
import dev.buckethead.autoconfigure.actuate.BucketHeadEndpointAutoConfiguration;
import dev.buckethead.autoconfigure.actuate.BucketHeadHealthContributorAutoConfiguration;
import dev.buckethead.autoconfigure.actuate.BucketHeadHealthIndicator;
import dev.buckethead.bucket.LocalDirectoryBucketClient;
import dev.buckethead.snapshot.MissingHeadException;
import dev.buckethead.snapshot.SnapshotLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** A start over a missing head: refused by default, recovered with the property, and shown in health and endpoint. */
class BucketHeadRecoveryAutoConfigurationTests {

	@TempDir
	Path temp;

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(BucketHeadAutoConfiguration.class,
					BucketHeadEndpointAutoConfiguration.class, BucketHeadHealthContributorAutoConfiguration.class))
			.withPropertyValues("buckethead.bucket.local-directory=" + this.temp.resolve("bucket"),
					"buckethead.database.directory=" + this.temp.resolve("live"), "buckethead.snapshot.interval=0",
					"buckethead.gc.interval=0", "management.endpoints.web.exposure.include=health,buckethead");
	}

	@Test
	void propertyDefaultsAreTheCoresDefaults() {
		BucketHeadProperties properties = new BucketHeadProperties();
		assertThat(properties.getSnapshot().getOnMissingHead()).isEqualTo(BucketSQLite.Builder.DEFAULT_ON_MISSING_HEAD);
		assertThat(properties.getDatabase().getKeepSetAsideFiles())
			.isEqualTo(BucketSQLite.Builder.DEFAULT_KEEP_SET_ASIDE_FILES);
		assertThat(properties.getGc().isDeleteHeadless()).isFalse();
	}

	@Test
	void aMissingHeadFailsTheStartUnlessRecoveryIsAskedForWhichHealthAndTheEndpointThenShow() throws Exception {
		runner().run((context) -> {
			assertThat(context).hasNotFailed();
			write(context.getBean(BucketSQLite.class), "CREATE TABLE t (x)", "INSERT INTO t VALUES (1)");
		});
		new LocalDirectoryBucketClient(this.temp.resolve("bucket"))
			.delete(new SnapshotLayout(SnapshotLayout.DEFAULT_SNAPSHOT_KEY).headKey("main"));

		runner().run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(MissingHeadException.class)
				.hasMessageContaining("buckethead.snapshot.on-missing-head=recover-newest");
		});

		runner().withPropertyValues("buckethead.snapshot.on-missing-head=recover-newest").run((context) -> {
			assertThat(context).hasNotFailed();
			BucketSQLite database = context.getBean(BucketSQLite.class);
			String generation = database.generation().orElseThrow();
			Health health = context.getBean(BucketHeadHealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("restoredGeneration", generation);
			assertThat((String) health.getDetails().get("restoreFallback")).contains("was missing");
			BucketHeadEndpoint.RestoreDescriptor restore = context.getBean(BucketHeadEndpoint.class).status().restore();
			assertThat(restore.generation()).isEqualTo(generation);
			assertThat(restore.fallback()).contains("was missing");
			assertThat(restore.adoptedLiveFile()).isFalse();
		});
	}

	private static void write(BucketSQLite database, String... statements) throws Exception {
		try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
	}

}
