package dev.buckethead.live;

import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;

import dev.buckethead.live.AdoptionRules.Start;
import dev.buckethead.live.AdoptionRules.Verdict;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class AdoptionRulesTest {

	private static final String BUCKET = "s3://shop at http://127.0.0.1:9000";

	private static final Start MAIN_AT_G1 = new Start(BUCKET, "shop.db", "main", "G1", null);

	static Stream<Arguments> byIdentity() {
		return Stream.of(
				arguments("no identity", null, MAIN_AT_G1, Verdict.SET_ASIDE, "identity file is missing"),
				arguments("another bucket", identity("s3://other", "shop.db", "main", "G1", null), MAIN_AT_G1,
						Verdict.LEAVE, "belongs to snapshot key 'shop.db' in s3://other"),
				arguments("another snapshot key", identity(BUCKET, "blog.db", "main", "G1", null), MAIN_AT_G1,
						Verdict.LEAVE, "belongs to snapshot key 'blog.db'"),
				arguments("another branch", identity(BUCKET, "shop.db", "experiment", "G1", null), MAIN_AT_G1,
						Verdict.SET_ASIDE, "holds branch 'experiment'"),
				arguments("an older restore point", identity(BUCKET, "shop.db", "main", "G1", null),
						new Start(BUCKET, "shop.db", "main", "G1", "this start restores generation G0"),
						Verdict.SET_ASIDE, "restores generation G0"),
				arguments("same database and branch", identity(BUCKET, "shop.db", "main", "G0", null), MAIN_AT_G1,
						Verdict.ADOPT, "holds branch 'main'"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource
	void byIdentity(String name, @Nullable LiveFileIdentity found, Start start, Verdict verdict, String reason) {
		AdoptionRules.Decision decision = AdoptionRules.byIdentity(found, start);
		assertThat(decision.verdict()).isEqualTo(verdict);
		assertThat(decision.reason()).contains(reason);
	}

	static Stream<Arguments> afterCheck() {
		return Stream.of(
				arguments("head still at its generation", identity(BUCKET, "shop.db", "main", "G1", null), MAIN_AT_G1,
						null, Verdict.ADOPT, "still at generation G1"),
				arguments("head at the generation it was flushing", identity(BUCKET, "shop.db", "main", "G0", "G1"),
						MAIN_AT_G1, null, Verdict.ADOPT, "still at generation G1"),
				arguments("never flushed, no head yet", identity(BUCKET, "shop.db", "main", null, null),
						new Start(BUCKET, "shop.db", "main", null, null), null, Verdict.ADOPT, "no generation"),
				arguments("head moved on", identity(BUCKET, "shop.db", "main", "G0", null), MAIN_AT_G1, null,
						Verdict.SET_ASIDE, "moved on to generation G1"),
				arguments("flush lost the race", identity(BUCKET, "shop.db", "main", "G0", "G2"), MAIN_AT_G1, null,
						Verdict.SET_ASIDE, "descends from generation G0"),
				arguments("never flushed but a head appeared", identity(BUCKET, "shop.db", "main", null, null),
						MAIN_AT_G1, null, Verdict.SET_ASIDE, "descends from no generation"),
				arguments("damaged", identity(BUCKET, "shop.db", "main", "G1", null), MAIN_AT_G1,
						"[*** in database main *** Page 3: btreeInitPage() returns error code 11]", Verdict.SET_ASIDE,
						"fails SQLite's quick_check: [*** in database main"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource
	void afterCheck(String name, LiveFileIdentity found, Start start, @Nullable String problem, Verdict verdict,
			String reason) {
		AdoptionRules.Decision decision = AdoptionRules.afterCheck(found, start, Optional.ofNullable(problem));
		assertThat(decision.verdict()).isEqualTo(verdict);
		assertThat(decision.reason()).contains(reason);
	}

	private static LiveFileIdentity identity(String bucket, String key, String branch, @Nullable String generation,
			@Nullable String pending) {
		return new LiveFileIdentity(LiveFileIdentity.FORMAT, bucket, key, branch, generation, pending, 42,
				Instant.parse("2026-11-21T23:51:41Z"));
	}

}
