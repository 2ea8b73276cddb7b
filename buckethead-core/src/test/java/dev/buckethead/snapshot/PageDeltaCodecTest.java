package dev.buckethead.snapshot;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Page-delta parts: what goes in comes out, split by size, and any damage is refused by name. */
class PageDeltaCodecTest {

	private static final int PAGE = 4096;

	private static final String KEY = "db.bh/deltas/x";

	@Test
	void pagesComeBackExactlyAndInOrder() throws IOException {
		int[] pages = { 1, 2, 7, 300 };
		List<byte[]> parts = encode(new PageDeltaWriter(new ChunkCodec(1), PageDeltaWriter.DEFAULT_MAX_PART_BYTES),
				pages, 300);
		assertThat(parts).hasSize(1);
		TreeMap<Integer, byte[]> decoded = new TreeMap<>();
		PageDeltaPart part = decode(parts, decoded).get(0);
		assertThat(decoded.keySet()).containsExactly(1, 2, 7, 300);
		for (int page : pages) {
			assertThat(decoded.get(page)).isEqualTo(content(page));
		}
		assertThat(part.pageCount()).isEqualTo(300);
		assertThat(part.isLast()).isTrue();
		assertThat(parts.get(0).length).as("zstd halves hex-like pages").isLessThan(4 * PAGE);
	}

	@Test
	void largeDeltasSplitIntoBoundedPartsThatChainInOrder() throws IOException {
		PageDeltaWriter writer = new PageDeltaWriter(new ChunkCodec(1), 10 * (PAGE + 4));
		int[] pages = new int[95];
		Arrays.setAll(pages, (i) -> 2 * i + 1);
		List<byte[]> parts = encode(writer, pages, 500);
		assertThat(parts).hasSize(writer.partCount(95, PAGE)).hasSize(10);
		assertThat(parts).allSatisfy((part) -> assertThat(part.length).isLessThan(10 * (PAGE + 4) + 200));
		TreeMap<Integer, byte[]> decoded = new TreeMap<>();
		List<PageDeltaPart> read = decode(parts, decoded);
		assertThat(decoded).hasSize(95);
		assertThat(read.get(9).isLast()).isTrue();
		assertThat(read.get(9).lastPage()).isEqualTo(189);
	}

	@Test
	void aDeltaWithNoPagesStillCarriesTheNewSize() throws IOException {
		List<byte[]> parts = encode(new PageDeltaWriter(new ChunkCodec(1), PageDeltaWriter.DEFAULT_MAX_PART_BYTES),
				new int[0], 12);
		assertThat(parts).hasSize(1);
		assertThat(decode(parts, new TreeMap<>()).get(0).pageCount()).isEqualTo(12);
	}

	@Test
	void theWriterRefusesPagesOutOfOrderOrOutsideTheDatabase() {
		PageDeltaWriter writer = new PageDeltaWriter(new ChunkCodec(1), PageDeltaWriter.DEFAULT_MAX_PART_BYTES);
		assertThatThrownBy(() -> encode(writer, new int[] { 3, 2 }, 10)).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("ascend");
		assertThatThrownBy(() -> encode(writer, new int[] { 11 }, 10)).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> new PageDeltaWriter(new ChunkCodec(1), 100)).isInstanceOf(IllegalArgumentException.class);
	}

	static Stream<Arguments> damage() {
		return Stream.of(
				damaged("empty", (b) -> new byte[0], "truncated"),
				damaged("header cut short", (b) -> Arrays.copyOf(b, 50), "truncated"),
				damaged("body cut short", (b) -> Arrays.copyOf(b, b.length - 10), "truncated"),
				damaged("a byte after the body", (b) -> Arrays.copyOf(b, b.length + 1), "bytes after"),
				damaged("not a delta", (b) -> flip(b, 0), "no BHPD magic"),
				damaged("a newer format", (b) -> set(b, 4, (byte) 0, (byte) 9), "newer BucketHead"),
				damaged("unknown flags", (b) -> flip(b, 7), "unknown version, flags"),
				damaged("odd page size", (b) -> flip(b, 10), "not a SQLite page size"),
				damaged("page count changed", (b) -> flip(b, 15), "SHA-256"),
				damaged("part index beyond the count", (b) -> set(b, 19, (byte) 5), "part 5 of 1"),
				damaged("more pages than a part may carry", (b) -> set(b, 24, (byte) 0x7f), "more than a part"),
				damaged("body length changed", (b) -> flip(b, 39), "body"),
				damaged("garbled body", (b) -> flip(b, b.length - 20), ""),
				damaged("garbled hash", (b) -> flip(b, 80), "SHA-256"),
				damaged("not chained from nothing", (b) -> flip(b, 45), "SHA-256"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("damage")
	void damagedPartsAreRefusedBeforeAnyPageIsHandedOn(String name, UnaryOperator<byte[]> damage, String problem)
			throws IOException {
		byte[] part = encode(new PageDeltaWriter(new ChunkCodec(1), PageDeltaWriter.DEFAULT_MAX_PART_BYTES),
				new int[] { 1, 5, 6 }, 6).get(0);
		List<Integer> delivered = new ArrayList<>();
		assertThatThrownBy(() -> new PageDeltaReader(new ChunkCodec(1)).read(damage.apply(part), KEY, null,
				(page, content) -> delivered.add(page)))
			.isInstanceOf(CorruptSnapshotException.class)
			.hasMessageContaining(KEY)
			.hasMessageContaining(problem);
		assertThat(delivered).isEmpty();
	}

	@Test
	void partsOfAnotherDeltaOrOutOfOrderAreRefused() throws IOException {
		PageDeltaWriter writer = new PageDeltaWriter(new ChunkCodec(1), 2 * (PAGE + 4));
		List<byte[]> first = encode(writer, new int[] { 1, 2, 3, 4 }, 9);
		List<byte[]> other = encode(writer, new int[] { 5, 6, 7, 8 }, 9);
		PageDeltaReader reader = new PageDeltaReader(new ChunkCodec(1));
		PageDeltaPart part0 = reader.read(first.get(0), KEY, null, (page, content) -> {
		});
		assertThatThrownBy(() -> reader.read(other.get(1), KEY, part0, (page, content) -> {
		})).isInstanceOf(CorruptSnapshotException.class).hasMessageContaining("another delta");
		assertThatThrownBy(() -> reader.read(first.get(1), KEY, null, (page, content) -> {
		})).isInstanceOf(CorruptSnapshotException.class).hasMessageContaining("read as its first part");
	}

	private static List<byte[]> encode(PageDeltaWriter writer, int[] pages, long pageCount) throws IOException {
		List<byte[]> parts = new ArrayList<>();
		writer.write(PAGE, pageCount, pages, (page, target) -> {
			target.clear();
			target.put(content(page));
			target.flip();
		}, (index, object, length) -> {
			ByteArrayOutputStream copy = new ByteArrayOutputStream();
			copy.write(object, 0, length);
			parts.add(copy.toByteArray());
		});
		return parts;
	}

	private static List<PageDeltaPart> decode(List<byte[]> parts, TreeMap<Integer, byte[]> into) throws IOException {
		List<PageDeltaPart> read = new ArrayList<>();
		PageDeltaPart previous = null;
		for (byte[] part : parts) {
			previous = new PageDeltaReader(new ChunkCodec(1)).read(part, KEY, previous, (page, content) -> {
				byte[] bytes = new byte[content.remaining()];
				content.get(bytes);
				assertThat(into.put(page, bytes)).isNull();
			});
			read.add(previous);
		}
		return read;
	}

	/** A page of text-like content that compresses as SQLite pages do. */
	private static byte[] content(int page) {
		Random random = new Random(page);
		byte[] bytes = new byte[PAGE];
		for (int i = 0; i < bytes.length; i++) {
			bytes[i] = (byte) ('a' + random.nextInt(16));
		}
		return bytes;
	}

	private static Arguments damaged(String name, UnaryOperator<byte[]> damage, String problem) {
		return Arguments.of(name, damage, problem);
	}

	private static byte[] flip(byte[] bytes, int index) {
		byte[] copy = bytes.clone();
		copy[index] ^= 0x01;
		return copy;
	}

	private static byte[] set(byte[] bytes, int index, byte... values) {
		byte[] copy = bytes.clone();
		System.arraycopy(values, 0, copy, index, values.length);
		return copy;
	}


}
