package dev.buckethead.config;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NearestKeyTests {

	@ParameterizedTest
	@CsvSource({ "BUCKETHEAD_BUCKET_NAME, BUCKETHEAD_BUCKET__NAME", "BUCKETHEAD_BUCKET__NMAE, BUCKETHEAD_BUCKET__NAME",
			"buckethead_snapshot__intervall_seconds, BUCKETHEAD_SNAPSHOT__INTERVAL_SECONDS",
			"BUCKETHEAD_SHARE__BUKET, BUCKETHEAD_SHARE__BUCKET" })
	void namesTheNearestKnownVariable(String unknown, String expected) {
		assertThat(NearestKey.nearest(unknown, BucketHeadSettings.knownVariables())).contains(expected);
	}

	@Test
	void describesEachUnknownKey() {
		assertThat(NearestKey.describe(List.of("buckethead.bukcet.name", "buckethead.snapshot.intervl"),
				List.of("buckethead.bucket.name", "buckethead.snapshot.interval", "buckethead.snapshot.key")))
			.isEqualTo("buckethead.bukcet.name (did you mean buckethead.bucket.name?), "
					+ "buckethead.snapshot.intervl (did you mean buckethead.snapshot.interval?)");
	}

	@Test
	void nothingKnownNamesNothing() {
		assertThat(NearestKey.nearest("anything", List.of())).isEmpty();
		assertThat(NearestKey.describe(List.of("anything"), List.of())).isEqualTo("anything");
	}

	@Test
	void distanceCountsEdits() {
		assertThat(NearestKey.distance("kitten", "sitting")).isEqualTo(3);
		assertThat(NearestKey.distance("", "abc")).isEqualTo(3);
		assertThat(NearestKey.distance("same", "same")).isZero();
	}

}
