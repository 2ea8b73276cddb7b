package dev.buckethead.snapshot;

import java.util.List;

/**
 * What restoring one generation reads, in the order it is applied: the base's chunks (fetched in any order, in
 * parallel), then each delta's parts, oldest delta first. Made by {@link RestorePlanner}; performs no I/O.
 *
 * @param generation the generation restored
 * @param base the base generation the chain starts from (the generation itself when it is a base)
 * @param size the restored database's size in bytes
 * @param pageSize its page size
 * @param fetches the GETs that bring every distinct chunk of the base
 * @param deltas the deltas to apply on the base, oldest first
 */
public record RestorePlan(String generation, String base, long size, int pageSize, List<Fetch> fetches,
		List<DeltaFetch> deltas) {

	public RestorePlan {
		fetches = List.copyOf(fetches);
		deltas = List.copyOf(deltas);
	}

	/** GET requests the plan makes. */
	public int requests() {
		return fetches.size() + deltas.stream().mapToInt((delta) -> delta.partKeys().size()).sum();
	}

	/**
	 * One GET: a whole object ({@code length} -1), or {@code length} bytes from {@code offset} of a packed one.
	 * @param chunks the chunks it brings, each at its offset within the fetched bytes
	 */
	public record Fetch(String key, long offset, long length, List<PlacedChunk> chunks) {

		public Fetch {
			chunks = List.copyOf(chunks);
		}

		public boolean isRange() {
			return length >= 0;
		}

	}

	/**
	 * A chunk inside a fetch, and every place in the database it is written to.
	 * @param offsetInFetch where its stored bytes start in the fetched bytes (0 for a whole object)
	 * @param storedLength its compressed length (-1: the whole fetched object)
	 * @param databaseOffsets the byte offsets in the database it is written at (a chunk may repeat)
	 */
	public record PlacedChunk(String sha256, int length, long offsetInFetch, long storedLength,
			List<Long> databaseOffsets) {

		public PlacedChunk {
			databaseOffsets = List.copyOf(databaseOffsets);
		}

	}

	/** A delta to apply: its parts in order, and the database size in pages after it. */
	public record DeltaFetch(String generation, long pageCount, List<String> partKeys) {

		public DeltaFetch {
			partKeys = List.copyOf(partKeys);
		}

	}

}
