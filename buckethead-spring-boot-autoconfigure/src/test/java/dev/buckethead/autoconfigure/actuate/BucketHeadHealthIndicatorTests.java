package dev.buckethead.autoconfigure.actuate;

import java.time.Duration;

import dev.buckethead.autoconfigure.BucketHeadProperties;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The indicator's limits as configured and by default; its behaviour is in the integration tests. */
class BucketHeadHealthIndicatorTests {

	private final BucketHeadProperties properties = new BucketHeadProperties();

	private Duration maxFlushDuration() {
		return BucketHeadHealthIndicator.maxFlushDuration(this.properties);
	}

	@Test
	void aFlushMayRunThreeIntervalsAndAtLeastThirtySecondsByDefault() {
		assertThat(maxFlushDuration()).isEqualTo(Duration.ofSeconds(30));
		this.properties.getSnapshot().setInterval(Duration.ofMinutes(1));
		assertThat(maxFlushDuration()).isEqualTo(Duration.ofMinutes(3));
		this.properties.getSnapshot().setInterval(Duration.ZERO);
		assertThat(maxFlushDuration()).isEqualTo(Duration.ofSeconds(30));
		this.properties.getHealth().setMaxFlushDuration(Duration.ofSeconds(5));
		assertThat(maxFlushDuration()).isEqualTo(Duration.ofSeconds(5));
	}

}
