package dev.buckethead.bench.litestream;

import java.util.OptionalDouble;

/**
 * A position in Litestream's shadow WAL: the WAL index (it grows by one each time SQLite restarts the WAL) and a
 * byte offset in that index's file.
 */
record WalPosition(long index, long offset) implements Comparable<WalPosition> {

	@Override
	public int compareTo(WalPosition other) {
		return index != other.index ? Long.compare(index, other.index) : Long.compare(offset, other.offset);
	}

	/** The replica's position from the {@code litestream_replica_wal_index/offset} gauges, when both are there. */
	static java.util.Optional<WalPosition> replica(Metrics metrics) {
		OptionalDouble index = metrics.sum("litestream_replica_wal_index");
		OptionalDouble offset = metrics.sum("litestream_replica_wal_offset");
		return index.isPresent() && offset.isPresent()
				? java.util.Optional.of(new WalPosition((long) index.getAsDouble(), (long) offset.getAsDouble()))
				: java.util.Optional.empty();
	}

	/**
	 * Whether a replica at {@code replica} holds everything the shadow WAL held at {@code shadow}: read the shadow
	 * first and the replica after, so a replica that moved on in between still counts as caught up.
	 */
	static boolean caughtUp(WalPosition shadow, java.util.Optional<WalPosition> replica) {
		return replica.isPresent() && replica.get().compareTo(shadow) >= 0;
	}

}
