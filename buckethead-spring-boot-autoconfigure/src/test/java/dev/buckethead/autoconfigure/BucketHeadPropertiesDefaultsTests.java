package dev.buckethead.autoconfigure;

import java.time.Duration;

import dev.buckethead.BucketSQLite;
import dev.buckethead.bucket.BucketTimeouts;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.context.LifecycleProperties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The properties' defaults are core's: written out in {@link BucketHeadProperties} (so that the configuration
 * metadata shows them), and held to core's constants here.
 */
class BucketHeadPropertiesDefaultsTests {

	@Test
	void bucketDeadlinesAreCoresDefaults() {
		BucketHeadProperties.Bucket bucket = new BucketHeadProperties().getBucket();
		assertThat(S3BucketClientFactory.timeouts(bucket)).isEqualTo(BucketTimeouts.defaults());
	}

	@Test
	void pageDeltasDefaultIsCores() {
		assertThat(new BucketHeadProperties().getSnapshot().isPageDeltas())
			.isEqualTo(BucketSQLite.Builder.DEFAULT_PAGE_DELTAS);
	}

	@Test
	void theFinalFlushEndsJustInsideTheShutdownPhase() {
		Duration springBootDefault = new LifecycleProperties().getTimeoutPerShutdownPhase();
		assertThat(springBootDefault).isEqualTo(Duration.ofSeconds(30));
		assertThat(BucketHeadFlushLifecycle.finalFlushDeadline(springBootDefault)).isEqualTo(Duration.ofSeconds(29));
		assertThat(BucketHeadFlushLifecycle.finalFlushDeadline(Duration.ofSeconds(5))).isEqualTo(Duration.ofMillis(4500));
		// Longer than a bucket call's deadline, so one stuck call does not doom the final flush.
		assertThat(BucketHeadFlushLifecycle.finalFlushDeadline(springBootDefault))
			.isGreaterThan(BucketTimeouts.DEFAULT_CALL_TIMEOUT)
			.isGreaterThan(BucketSQLite.DEFAULT_CLOSE_TIMEOUT);
	}

}
