package dev.buckethead.snapshot;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.buckethead.snapshot.GenerationInfo.Base;
import dev.buckethead.snapshot.GenerationInfo.Delta;
import dev.buckethead.snapshot.RestorePlan.DeltaFetch;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The restore decision, one table: a branch with base B1 (10:00) ← D1 (10:01) ← D2 (10:02), then base B2
 * (10:03) ← D3 (10:04), newest first as a head lists them.
 */
class RestorePlannerTest {

	private static final int PAGE = 4096;

	private static final String B1 = id("100000"), D1 = id("100100"), D2 = id("100200"), B2 = id("100300"),
			D3 = id("100400");

	private static final List<String> POINTS = List.of(D3, B2, D2, D1, B1);

	static Stream<Arguments> plans() {
		return Stream.of(
				// restore point, expected generation, its base, deltas in apply order, final size in pages
				Arguments.of("latest", RestorePoint.latest(), D3, B2, List.of(D3), 12L),
				Arguments.of("a base by id", RestorePoint.generation(B2), B2, B2, List.of(), 4L),
				Arguments.of("a delta by id", RestorePoint.generation(D2), D2, B1, List.of(D1, D2), 9L),
				Arguments.of("as of a point's own time", RestorePoint.asOf(time("100100")), D1, B1, List.of(D1), 6L),
				Arguments.of("as of between points", RestorePoint.asOf(time("100259")), D2, B1, List.of(D1, D2), 9L),
				Arguments.of("as of after the tip", RestorePoint.asOf(time("235959")), D3, B2, List.of(D3), 12L));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("plans")
	void plans(String name, RestorePoint point, String generation, String base, List<String> deltas, long pages) {
		RestorePlan plan = RestorePlanner.plan(POINTS, branch(), point);
		assertThat(plan.generation()).isEqualTo(generation);
		assertThat(plan.base()).isEqualTo(base);
		assertThat(plan.deltas()).extracting(DeltaFetch::generation).containsExactlyElementsOf(deltas);
		assertThat(plan.size()).isEqualTo(pages * PAGE);
		assertThat(plan.pageSize()).isEqualTo(PAGE);
	}

	static Stream<Arguments> refusals() {
		return Stream.of(
				Arguments.of("as of before the oldest point", POINTS, branch(), RestorePoint.asOf(time("095959")),
						NoRestorePointException.class, "retains 5 points from " + B1),
				Arguments.of("a generation the branch does not retain", List.of(D3, B2), branch(),
						RestorePoint.generation(D1), NoRestorePointException.class, "generation " + D1),
				Arguments.of("a branch with no point", List.of(), branch(), RestorePoint.latest(),
						NoRestorePointException.class, "no restorable point"),
				Arguments.of("a missing parent", POINTS, without(branch(), D1), RestorePoint.generation(D2),
						BrokenChainException.class, D2 + " is a delta on it"),
				Arguments.of("the chosen point itself missing", POINTS, without(branch(), D3), RestorePoint.latest(),
						BrokenChainException.class, "not available"),
				Arguments.of("a delta with no parent", POINTS, with(branch(), delta(D1, null, 6)),
						RestorePoint.generation(D2), BrokenChainException.class, "no parent"),
				Arguments.of("a loop of parents", POINTS, with(with(branch(), delta(D1, D2, 6)), delta(D2, D1, 9)),
						RestorePoint.generation(D2), BrokenChainException.class, "loops"),
				Arguments.of("a page size change", POINTS,
						with(branch(), new GenerationInfo(D1, B1, time("100100"), new Delta(6, 1024, List.of("d1")))),
						RestorePoint.generation(D1), BrokenChainException.class, "page size 1024"),
				Arguments.of("chunks not adding up to the size", POINTS,
						with(branch(), new GenerationInfo(B2, null, time("100300"),
								new Base(5 * PAGE, PAGE, List.of(new ChunkRef(hash("c1"), 4 * PAGE)))))
						, RestorePoint.generation(B2), CorruptSnapshotException.class, "add up to"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("refusals")
	void refuses(String name, List<String> points, Map<String, GenerationInfo> generations, RestorePoint point,
			Class<? extends Exception> type, String message) {
		assertThatThrownBy(() -> RestorePlanner.plan(points, generations, point)).isInstanceOf(type)
			.hasMessageContaining(message);
	}

	@Test
	void aBaseIsReadAsItsChunkReadsSayOneRequestPerDistinctChunkObjectOrPackRange() {
		Manifest manifest = new Manifest(1, B1, null, "main", time("100000"), 3L * PAGE, PAGE, PAGE, "zstd",
				List.of(new ChunkRef(hash("a"), PAGE), new ChunkRef(hash("b"), PAGE),
						new ChunkRef(hash("a"), PAGE)), null);
		RestorePlan plan = RestorePlanner.plan(List.of(B1), Map.of(B1, GenerationInfo.of(manifest)),
				RestorePoint.latest());
		assertThat(plan.baseReads()).isEqualTo(ChunkReads.of(manifest.chunks(), ChunkReads.DEFAULT_MAX_RANGE_BYTES,
				ChunkReads.DEFAULT_MAX_GAP_BYTES, "generation " + B1));
		assertThat(plan.baseReads().objects().get(0).target().fileOffsets()).containsExactly(0L, 2L * PAGE);
		assertThat(plan.requests()).isEqualTo(2);
	}

	@Test
	void aChainsRequestsAreItsBaseReadsAndEveryDeltaPart() {
		RestorePlan plan = RestorePlanner.plan(POINTS, branch(), RestorePoint.generation(D2));
		// B1's five distinct chunk objects, then D1's and D2's one part each.
		assertThat(plan.requests()).isEqualTo(5 + 2);
	}

	@Test
	void candidatesListEveryAcceptedPointNewestFirstForFallback() {
		assertThat(RestorePlanner.candidates(POINTS, RestorePoint.asOf(time("100230")))).containsExactly(D2, D1, B1);
	}

	private static Map<String, GenerationInfo> branch() {
		Map<String, GenerationInfo> generations = new HashMap<>();
		generations.put(B1, base(B1, 5));
		generations.put(D1, delta(D1, B1, 6));
		generations.put(D2, delta(D2, D1, 9));
		generations.put(B2, base(B2, 4));
		generations.put(D3, delta(D3, B2, 12));
		return generations;
	}

	private static GenerationInfo base(String id, int pages) {
		List<ChunkRef> chunks = new ArrayList<>();
		for (int i = 0; i < pages; i++) {
			chunks.add(new ChunkRef(hash(id + "-" + i), PAGE));
		}
		return new GenerationInfo(id, null, GenerationIds.createdAt(id), new Base((long) pages * PAGE, PAGE, chunks));
	}

	private static GenerationInfo delta(String id, @Nullable String parent, long pages) {
		return new GenerationInfo(id, parent, GenerationIds.createdAt(id), new Delta(pages, PAGE, List.of(id + "/0")));
	}

	/** A valid chunk hash for a name. */
	private static String hash(String name) {
		try {
			return java.util.HexFormat.of()
				.formatHex(java.security.MessageDigest.getInstance("SHA-256")
					.digest(name.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Map<String, GenerationInfo> without(Map<String, GenerationInfo> generations, String id) {
		generations.remove(id);
		return generations;
	}

	private static Map<String, GenerationInfo> with(Map<String, GenerationInfo> generations, GenerationInfo info) {
		generations.put(info.generation(), info);
		return generations;
	}

	private static String id(String hhmmss) {
		return "20261121T" + hhmmss + ".000Z-0000000a";
	}

	private static Instant time(String hhmmss) {
		return GenerationIds.createdAt(id(hhmmss));
	}

}
