package dev.buckethead.bench.litestream;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class MetricsTest {

	private static final String SCRAPE = """
			# HELP litestream_sync_count Number of sync operations performed
			# TYPE litestream_sync_count counter
			litestream_sync_count{db="/dev/shm/x/peer.db"} 42
			litestream_sync_error_count{db="/dev/shm/x/peer.db"} 1
			litestream_checkpoint_count{db="/dev/shm/x/peer.db",mode="PASSIVE"} 3
			litestream_checkpoint_count{db="/dev/shm/x/peer.db",mode="RESTART"} 2
			litestream_replica_wal_index{db="/dev/shm/x/peer.db",name="s3"} 5
			litestream_replica_wal_offset{db="/dev/shm/x/peer.db",name="s3"} 1.2345e+06
			go_goroutines 17
			malformed line
			""";

	@Test
	void sumsSeriesOfAMetricWhateverTheirLabels() {
		Metrics metrics = Metrics.parse(SCRAPE);
		assertThat(metrics.sum("litestream_sync_count")).hasValue(42);
		assertThat(metrics.sum("litestream_checkpoint_count")).hasValue(5);
		assertThat(metrics.sum("go_goroutines")).hasValue(17);
		assertThat(metrics.sum("litestream_sync")).isEmpty();
		assertThat(WalPosition.replica(metrics)).contains(new WalPosition(5, 1_234_500));
	}

	@Test
	void noReplicaPositionBeforeTheFirstWalSegment() {
		assertThat(WalPosition.replica(Metrics.parse("litestream_sync_count{db=\"d\"} 1\n"))).isEmpty();
	}

	@ParameterizedTest(name = "shadow {0}:{1}, replica {2} -> {3}")
	@CsvSource(nullValues = "-", value = {
			// shadow index, shadow offset, replica "index:offset", caught up
			"0, 4152, 0:4152, true",
			"0, 4152, 0:32,   false",
			"1, 32,   0:4152, false",
			"1, 8272, 2:32,   true", // the replica moved to the next index after the shadow was read
			"1, 8272, 1:9000, true",
			"0, 4152, -,      false" })
	void caughtUpWhenTheReplicaIsAtOrPastTheShadowWalEnd(long index, long offset, String replica, boolean expected) {
		Optional<WalPosition> position = Optional.ofNullable(replica)
			.map((r) -> new WalPosition(Long.parseLong(r.split(":")[0]), Long.parseLong(r.split(":")[1])));
		assertThat(WalPosition.caughtUp(new WalPosition(index, offset), position)).isEqualTo(expected);
	}

}
