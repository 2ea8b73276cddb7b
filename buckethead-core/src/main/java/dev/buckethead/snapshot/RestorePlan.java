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
 * @param baseReads the GETs that bring every distinct chunk of the base
 * @param deltas the deltas to apply on the base, oldest first
 */
public record RestorePlan(String generation, String base, long size, int pageSize, ChunkReads baseReads,
		List<DeltaFetch> deltas) {

	public RestorePlan {
		deltas = List.copyOf(deltas);
	}

	/** GET requests the plan makes. */
	public int requests() {
		return baseReads.requests() + deltas.stream().mapToInt((delta) -> delta.partKeys().size()).sum();
	}

	/** A delta to apply: its parts in order, and the database size in pages after it. */
	public record DeltaFetch(String generation, long pageCount, List<String> partKeys) {

		public DeltaFetch {
			partKeys = List.copyOf(partKeys);
		}

	}

}
