package dev.buckethead.snapshot;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which reads bring a base's chunks: part of the restore decision ({@link RestorePlanner} makes it for a whole
 * chain; {@link SnapshotReader} carries it out), a pure function of the manifest's chunk list, table-tested. Each distinct chunk is fetched once and written at
 * every offset that holds it. Packed chunks are grouped into range reads: chunks of the same pack are read
 * together, in pack order, while the range stays within {@code maxRangeBytes} and the bytes between two needed
 * chunks (chunks this generation does not use) are at most {@code maxGapBytes}; reading a small gap costs less
 * than another request, a large one more. Chunks stored as their own objects (format 1) are one read each.
 *
 * @param ranges the range reads of packs, in the order their first chunk appears in the database
 * @param objects the chunk objects to read whole
 * @param size the database size the chunks add up to
 */
public record ChunkReads(List<RangeRead> ranges, List<ObjectRead> objects, long size) {

	/**
	 * 16 MiB per range GET: as large as a default pack, so a pack is one request; at this size a request's fixed
	 * cost is a few percent of its transfer on S3 and R2.
	 */
	public static final long DEFAULT_MAX_RANGE_BYTES = 16L * 1024 * 1024;

	/**
	 * Read through up to 1 MiB of unneeded bytes rather than start another request: on S3 the time to a first
	 * byte (20-50 ms) is worth 1-5 MiB of transfer, and requests are billed.
	 */
	public static final long DEFAULT_MAX_GAP_BYTES = 1024L * 1024;

	public ChunkReads {
		ranges = List.copyOf(ranges);
		objects = List.copyOf(objects);
	}

	/** One distinct chunk to fetch, and the database offsets to write it at. */
	public record Target(ChunkRef chunk, List<Long> fileOffsets) {

		public Target {
			fileOffsets = List.copyOf(fileOffsets);
		}

	}

	/**
	 * One ranged read of a pack: {@code length} bytes from {@code offset}, holding {@code targets} in pack order
	 * (with the gaps between them read and discarded).
	 */
	public record RangeRead(String pack, long offset, long length, List<Target> targets) {

		public RangeRead {
			targets = List.copyOf(targets);
		}

		/** Bytes read that no target needs. */
		public long gapBytes() {
			return length - targets.stream().mapToLong((target) -> target.chunk().location().size()).sum();
		}

	}

	/** One chunk object (format 1) to read whole. */
	public record ObjectRead(Target target) {
	}

	/**
	 * @param manifestKey names the manifest in the error when its chunk list is inconsistent
	 * @throws CorruptSnapshotException when a chunk has an invalid location, or two chunks overlap in a pack
	 */
	public static ChunkReads of(List<ChunkRef> chunks, long maxRangeBytes, long maxGapBytes, String manifestKey) {
		Map<String, ChunkRef> distinct = new LinkedHashMap<>();
		Map<String, List<Long>> offsets = new LinkedHashMap<>();
		long size = 0;
		for (ChunkRef chunk : chunks) {
			check(chunk, manifestKey);
			distinct.putIfAbsent(chunk.sha256(), chunk);
			offsets.computeIfAbsent(chunk.sha256(), (hash) -> new ArrayList<>()).add(size);
			size += chunk.length();
		}
		Map<String, List<Target>> byPack = new LinkedHashMap<>();
		List<ObjectRead> objects = new ArrayList<>();
		for (ChunkRef chunk : distinct.values()) {
			Target target = new Target(chunk, offsets.get(chunk.sha256()));
			if (chunk.location() == null) {
				objects.add(new ObjectRead(target));
			}
			else {
				byPack.computeIfAbsent(chunk.location().pack(), (pack) -> new ArrayList<>()).add(target);
			}
		}
		List<RangeRead> ranges = new ArrayList<>();
		byPack.forEach((pack, targets) -> ranges.addAll(coalesce(pack, targets, maxRangeBytes, maxGapBytes, manifestKey)));
		return new ChunkReads(ranges, objects, size);
	}

	/** GET requests these reads make. */
	public int requests() {
		return ranges.size() + objects.size();
	}

	private static List<RangeRead> coalesce(String pack, List<Target> targets, long maxRangeBytes, long maxGapBytes,
			String manifestKey) {
		List<Target> sorted = new ArrayList<>(targets);
		sorted.sort(Comparator.comparingLong((Target target) -> target.chunk().location().offset()));
		List<RangeRead> ranges = new ArrayList<>();
		List<Target> current = new ArrayList<>();
		long start = 0;
		long end = 0;
		for (Target target : sorted) {
			ChunkLocation location = target.chunk().location();
			if (!current.isEmpty() && location.offset() < end) {
				throw new CorruptSnapshotException(manifestKey, "chunks " + current.get(current.size() - 1).chunk().sha256()
						+ " and " + target.chunk().sha256() + " overlap in pack " + pack + " at offset " + location.offset());
			}
			if (!current.isEmpty() && (location.offset() - end > maxGapBytes || location.end() - start > maxRangeBytes)) {
				ranges.add(new RangeRead(pack, start, end - start, current));
				current = new ArrayList<>();
			}
			if (current.isEmpty()) {
				start = location.offset();
			}
			current.add(target);
			end = location.end();
		}
		if (!current.isEmpty()) {
			ranges.add(new RangeRead(pack, start, end - start, current));
		}
		return ranges;
	}

	private static void check(ChunkRef chunk, String manifestKey) {
		if (chunk.sha256() == null || !chunk.sha256().matches("[0-9a-f]{64}")) {
			throw new CorruptSnapshotException(manifestKey, "it lists a chunk whose sha256 is '" + chunk.sha256() + "'");
		}
		if (chunk.length() < 1) {
			throw new CorruptSnapshotException(manifestKey, "chunk " + chunk.sha256() + " has length " + chunk.length());
		}
		ChunkLocation location = chunk.location();
		if (location == null) {
			return;
		}
		if (location.pack() == null || !PackIds.isValid(location.pack())) {
			throw new CorruptSnapshotException(manifestKey, "chunk " + chunk.sha256() + " names pack '" + location.pack()
					+ "', which is not a pack id");
		}
		if (location.offset() < 0 || location.size() < 1 || location.offset() > Long.MAX_VALUE - location.size()) {
			throw new CorruptSnapshotException(manifestKey, "chunk " + chunk.sha256() + " has an impossible place in pack "
					+ location.pack() + ": offset " + location.offset() + ", size " + location.size());
		}
	}

}
