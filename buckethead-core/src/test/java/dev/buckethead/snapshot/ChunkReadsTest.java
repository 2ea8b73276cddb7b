package dev.buckethead.snapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The base reads of a restore as a table. A chunk is written {@code name:pack@offset+size} (uncompressed length 100), or
 * {@code name:object} for a chunk object; the same name twice is the same chunk at two places of the database.
 * A plan is written as its range reads {@code pack@offset+length[names]}, then {@code object[name]} reads.
 */
class ChunkReadsTest {

	private static final String MANIFEST = "K.bh/manifests/g.json";

	static Stream<Arguments> plans() {
		return Stream.of(
				arguments("one pack, contiguous: one read", "a:P@0+10 b:P@10+10 c:P@20+10", 100, 0,
						"P@0+30[a,b,c]"),
				arguments("pack order, whatever the database order", "c:P@20+10 a:P@0+10 b:P@10+10", 100, 0,
						"P@0+30[a,b,c]"),
				arguments("split where the range would pass its limit", "a:P@0+10 b:P@10+10 c:P@20+10", 20, 0,
						"P@0+20[a,b] P@20+10[c]"),
				arguments("a chunk larger than the limit is a read of its own", "a:P@0+50 b:P@50+10", 20, 0,
						"P@0+50[a] P@50+10[b]"),
				arguments("a small gap is read through", "a:P@0+10 c:P@15+10", 100, 5, "P@0+25[a,c]"),
				arguments("a gap over the limit starts a new read", "a:P@0+10 c:P@16+10", 100, 5,
						"P@0+10[a] P@16+10[c]"),
				arguments("a gap read through counts against the range limit", "a:P@0+10 c:P@15+10", 24, 5,
						"P@0+10[a] P@15+10[c]"),
				arguments("packs in the order the database first uses them", "a:Q@0+10 b:P@0+10 c:Q@10+10", 100, 0,
						"Q@0+20[a,c] P@0+10[b]"),
				arguments("a chunk used twice is read once", "a:P@0+10 b:P@10+10 a:P@0+10", 100, 0, "P@0+20[a*2,b]"),
				arguments("chunk objects (format 1) are read whole", "a:object b:P@0+10 c:object", 100, 0,
						"P@0+10[b] object[a] object[c]"),
				arguments("no chunks, nothing to read", "", 100, 0, ""));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("plans")
	void plans(String description, String chunks, long maxRange, long maxGap, String expected) {
		List<ChunkRef> refs = parse(chunks);
		ChunkReads plan = ChunkReads.of(refs, maxRange, maxGap, MANIFEST);
		assertThat(render(plan)).isEqualTo(expected);
		assertThat(plan.size()).isEqualTo(100L * refs.size());
		// Every chunk is written at every offset that uses it, and only there.
		List<Long> written = new ArrayList<>();
		plan.ranges().forEach((range) -> range.targets().forEach((target) -> written.addAll(target.fileOffsets())));
		plan.objects().forEach((object) -> written.addAll(object.target().fileOffsets()));
		assertThat(written).containsExactlyInAnyOrderElementsOf(
				Stream.iterate(0L, (offset) -> offset + 100).limit(refs.size()).toList());
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("bad")
	void inconsistentChunkListsAreCorruptManifests(String description, String chunks, String problem) {
		assertThatThrownBy(() -> ChunkReads.of(parse(chunks), 100, 0, MANIFEST))
			.isInstanceOf(CorruptSnapshotException.class)
			.hasMessageContaining(MANIFEST)
			.hasMessageContaining(problem);
	}

	static Stream<Arguments> bad() {
		return Stream.of(arguments("two chunks overlap", "a:P@0+10 b:P@5+10", "overlap in pack gen/P at offset 5"),
				arguments("a pack id that leaves the packs folder", "a:../../heads@0+10", "not a pack id"),
				arguments("a negative offset", "a:P@-1+10", "impossible place"),
				arguments("an empty frame", "a:P@0+0", "impossible place"));
	}

	/** Chunk names become fake hashes; pack names become ids under a generation folder. */
	private static List<ChunkRef> parse(String chunks) {
		List<ChunkRef> refs = new ArrayList<>();
		for (String chunk : chunks.isBlank() ? new String[0] : chunks.split(" ")) {
			String[] nameAndPlace = chunk.split(":");
			String hash = (nameAndPlace[0] + "0".repeat(64)).substring(0, 64).replaceAll("[^0-9a-f]", "f");
			if (nameAndPlace[1].equals("object")) {
				refs.add(new ChunkRef(hash, 100));
				continue;
			}
			String[] packAndRest = nameAndPlace[1].split("@");
			String[] offsetAndSize = packAndRest[1].split("\\+");
			String pack = packAndRest[0].contains("/") ? packAndRest[0] : "gen/" + packAndRest[0];
			refs.add(new ChunkRef(hash, 100, new ChunkLocation(pack, Long.parseLong(offsetAndSize[0]),
					Integer.parseInt(offsetAndSize[1]))));
		}
		return refs;
	}

	private static String render(ChunkReads plan) {
		Stream<String> ranges = plan.ranges().stream().map((range) -> range.pack().substring("gen/".length()) + "@"
				+ range.offset() + "+" + range.length() + "[" + names(range.targets()) + "]");
		Stream<String> objects = plan.objects().stream().map((object) -> "object[" + names(List.of(object.target())) + "]");
		return Stream.concat(ranges, objects).collect(Collectors.joining(" "));
	}

	private static String names(List<ChunkReads.Target> targets) {
		return targets.stream()
			.map((target) -> target.chunk().sha256().substring(0, 1)
					+ (target.fileOffsets().size() > 1 ? "*" + target.fileOffsets().size() : ""))
			.collect(Collectors.joining(","));
	}

}
