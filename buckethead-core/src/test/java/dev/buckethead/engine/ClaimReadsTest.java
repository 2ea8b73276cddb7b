package dev.buckethead.engine;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import dev.buckethead.BucketSQLite;
import dev.buckethead.bucket.IoCounters;
import dev.buckethead.live.LiveStorage;
import dev.buckethead.snapshot.ChainLimits;
import dev.buckethead.snapshot.RetentionPolicy;
import dev.buckethead.snapshot.SnapshotGc;
import dev.buckethead.snapshot.SnapshotLayout;
import dev.buckethead.snapshot.SnapshotRepository;
import dev.buckethead.test.MutableClock;
import dev.buckethead.test.faults.FaultyBucketClient;
import dev.buckethead.test.faults.FaultyBucketClient.Call;
import org.junit.jupiter.api.Test;

import static dev.buckethead.engine.EngineFixture.fill;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * gc reads every retained step claim to plan what to keep: each claim is read once per process (claims never
 * change once created), and only its header, not the page data that follows it in a delta step.
 */
class ClaimReadsTest extends EngineTest {

	private final MutableClock clock = new MutableClock(Instant.now().plus(1, ChronoUnit.DAYS)
		.truncatedTo(ChronoUnit.HOURS));

	private final Flushes flushes = new Flushes(clock);

	@Test
	void aSecondGcReadsNoClaimAndTheFirstReadsOnlyTheirHeaders() throws Exception {
		long stepBytes;
		try (BucketSQLite engine = fixture.start(LiveStorage.FILE, (builder) -> builder.pageDeltas(true)
			.clock(clock)
			.retention(RetentionPolicy.DEFAULTS)
			.chainLimits(new ChainLimits(1000, 10.0, 1000, Duration.ofHours(12))))) {
			fill(engine.connection(), 200, 300);
			flushes.flush(engine);
			IoCounters before = fixture.bucket().counters();
			for (int i = 1; i <= 6; i++) {
				// ~60 KB of fresh random payload a step: page data far larger than the claim's header
				flushes.after(Duration.ofMinutes(1), engine, "UPDATE t SET payload = randomblob(300) WHERE id % 6 = "
						+ (i % 6));
			}
			stepBytes = fixture.bucket().counters().minus(before).bytesOut();
		}
		FaultyBucketClient calls = new FaultyBucketClient(fixture.bucket());
		SnapshotRepository repository = new SnapshotRepository(calls, SnapshotLayout.DEFAULT_SNAPSHOT_KEY, 10,
				RetentionPolicy.DEFAULTS, clock, List.of());
		String prefix = new SnapshotLayout(SnapshotLayout.DEFAULT_SNAPSHOT_KEY).successorPrefix();
		// Reads of claims that exist: a walk past the head also asks for the next step, which is not there.
		java.util.Set<String> claims = new java.util.HashSet<>();
		fixture.bucket().list(prefix).forEach((info) -> claims.add(info.key()));

		IoCounters beforeFirst = fixture.bucket().counters();
		SnapshotGc.Report first = repository.gc(Duration.ZERO, false);
		IoCounters firstGc = fixture.bucket().counters().minus(beforeFirst);
		List<Call> firstReads = claimReads(calls, claims);
		SnapshotGc.Report second = repository.gc(Duration.ZERO, false);
		List<Call> secondReads = claimReads(calls, claims).subList(firstReads.size(), claimReads(calls, claims).size());

		assertThat(second.objects()).as("nothing to delete the first did not").isZero();
		assertThat(first.successors().unreferenced()).as("every step is retained (all within the hour)").isEmpty();
		assertThat(firstReads).as("the first gc reads the claims of the retained steps").hasSizeGreaterThanOrEqualTo(6);
		assertThat(firstGc.bytesIn()).as("headers only, not the steps' page data").isLessThan(stepBytes / 2);
		assertThat(secondReads).as("claims read once stay known").isEmpty();
	}

	private static List<Call> claimReads(FaultyBucketClient calls, java.util.Set<String> claims) {
		return calls.calls()
			.stream()
			.filter((call) -> call.operation() == FaultyBucketClient.Operation.GET
					|| call.operation() == FaultyBucketClient.Operation.OPEN_STREAM)
			.filter((call) -> claims.contains(call.key()))
			.toList();
	}

}
