package dev.buckethead.snapshot;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.buckethead.BucketHeadException;
import dev.buckethead.snapshot.SnapshotReader.Restored;
import org.jspecify.annotations.Nullable;

/**
 * Restores a head's state: the base's manifest through {@link SnapshotReader}, then the delta steps after it in
 * order, each part verified before its pages are written, then {@code quick_check}. The decision (which base,
 * which deltas) is {@link RestorePlanner}'s; this class is the I/O around it.
 */
final class ChainRestorer {

	/**
	 * First parts up to this size are kept from the walk for the apply (in a scratch file, {@link PartSpill});
	 * larger ones are fetched again then, in parallel windows too, so that a large delta is not downloaded twice
	 * at once.
	 */
	private static final int MAX_KEPT_PART_BYTES = 1024 * 1024;

	private final SnapshotStore store;

	private final SnapshotReader reader;

	private final PageDeltaReader deltas;

	private final StepWalk walk;

	private final @Nullable StepSpool spool;

	ChainRestorer(SnapshotStore store, SnapshotReader reader, ChunkCodec codec) {
		this(store, reader, new PageDeltaReader(codec), null);
	}

	private ChainRestorer(SnapshotStore store, SnapshotReader reader, PageDeltaReader deltas,
			@Nullable StepSpool spool) {
		this.store = store;
		this.reader = reader;
		this.deltas = deltas;
		this.walk = new StepWalk(reader.io());
		this.spool = spool;
	}

	/** This restorer, reading the steps {@code spool} keeps from it instead of the bucket. */
	ChainRestorer withSpool(@Nullable StepSpool spool) {
		return new ChainRestorer(store, reader, deltas, spool);
	}

	/**
	 * A restored state: the file, its base manifest, and the bytes of the delta steps applied (for the chain
	 * limits).
	 */
	record Result(Restored restored, Manifest base, long deltaBytes) {
	}

	/**
	 * @throws CorruptSnapshotException (a {@link BrokenChainException} for a missing step) naming the first
	 * missing or damaged object; the scratch file is deleted then
	 */
	Result restore(HeadPointer head, Path directory) {
		Manifest base = store.readManifest(head.effectiveBase());
		if (!head.isDelta()) {
			return new Result(reader.restore(base, directory), base, 0);
		}
		Map<String, GenerationInfo> chain = new HashMap<>();
		chain.put(base.generation(), GenerationInfo.of(base));
		String branch = head.branch();
		String lineage = head.effectiveLineage();
		long first = head.effectiveBaseSequence() + 1;
		long last = head.effectiveSequence();
		try (PartSpill firstParts = new PartSpill(directory)) {
			// Every step up to the head was claimed before the head was written: read them in parallel windows.
			long reached = walk.walk(first, last, last, (sequence) -> readStep(branch, lineage, sequence),
					StepWalk::bytesOf, (sequence, step) -> {
						String key = store.layout().successorKey(branch, lineage, sequence);
						SuccessorClaim claim = step.claim();
						// A step may name an older base of the lineage: it was written before a background
						// compaction made a later step (the head's base) a base. Each delta holds the pages changed
						// since the step before it, so it applies on the head's base all the same.
						if (!claim.isDelta() || !(head.effectiveBase().equals(claim.base())
								|| claim.baseSequence() < head.effectiveBaseSequence())) {
							throw new BrokenChainException(claim.generation(), "step " + key
									+ " is not a delta on base " + head.effectiveBase());
						}
						byte[] part = step.firstPart();
						if (part.length <= MAX_KEPT_PART_BYTES) {
							firstParts.put(key, part);
						}
						List<String> parts = new ArrayList<>();
						parts.add(key);
						parts.addAll(claim.extraParts());
						chain.put(claim.generation(), new GenerationInfo(claim.generation(), claim.after(),
								claim.createdAt(), new GenerationInfo.Delta(claim.pageCount(), claim.pageSize(), parts)));
						return true;
					});
			if (reached < last) {
				throw new BrokenChainException(head.generation(),
						"its chain lacks step " + store.layout().successorKey(branch, lineage, reached + 1));
			}
			RestorePlan plan = RestorePlanner.plan(List.of(head.generation()), chain, RestorePoint.latest());
			Restored restored = reader.restore(base, plan.baseReads(), directory);
			try {
				long deltaBytes = apply(plan, restored.file(), firstParts, head);
				SnapshotReader.verifyDatabase(restored.file(), plan.size(), plan.pageSize(),
						store.layout().successorKey(branch, lineage, head.effectiveSequence()));
				return new Result(new Restored(restored.file(), restored.bytesDownloaded() + deltaBytes), base,
						deltaBytes);
			}
			catch (RuntimeException ex) {
				SnapshotReader.deleteQuietly(restored.file());
				throw ex;
			}
		}
	}

	private Optional<SnapshotStore.Step> readStep(String branch, String lineage, long sequence) {
		if (spool != null) {
			Optional<SnapshotStore.Step> kept = spool.get(branch, lineage, sequence,
					store.layout().successorKey(branch, lineage, sequence));
			if (kept.isPresent()) {
				return kept;
			}
		}
		return store.readStep(branch, lineage, sequence);
	}

	/** A part to apply: which delta it belongs to and its key. */
	private record PartFetch(RestorePlan.DeltaFetch delta, String key, boolean last) {
	}

	/**
	 * Applies the plan's deltas, oldest first, their parts fetched (those not kept from the walk) in parallel
	 * windows; returns the bytes of their parts.
	 */
	private long apply(RestorePlan plan, Path file, PartSpill firstParts, HeadPointer head) {
		List<PartFetch> fetches = new ArrayList<>();
		for (RestorePlan.DeltaFetch delta : plan.deltas()) {
			List<String> keys = delta.partKeys();
			for (int i = 0; i < keys.size(); i++) {
				fetches.add(new PartFetch(delta, keys.get(i), i == keys.size() - 1));
			}
		}
		long[] fetched = { 0 };
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
			PageDeltaPart[] previous = { null };
			walk.walk(0, fetches.size() - 1, fetches.size() - 1,
					(index) -> Optional.of(part(fetches.get((int) index), firstParts, head)), (part) -> part.length,
					(index, part) -> {
						PartFetch fetch = fetches.get((int) index);
						fetched[0] += part.length;
						previous[0] = applyPart(fetch, part, previous[0], channel, plan.pageSize(), file);
						return true;
					});
			return fetched[0];
		}
		catch (IOException ex) {
			throw new BucketHeadException("Cannot write the restored database " + file + ": " + ex, ex);
		}
	}

	/**
	 * Writes a part's pages; after a delta's last part, checks that its parts made a whole delta and cuts the file
	 * to its size. Returns the part, or null after a delta's last one.
	 */
	private @Nullable PageDeltaPart applyPart(PartFetch fetch, byte[] part, @Nullable PageDeltaPart previous,
			FileChannel channel, int pageSize, Path file) {
		try {
			PageDeltaPart read = deltas.read(part, fetch.key(), previous, (page, content) -> {
				long position = (long) (page - 1) * pageSize;
				while (content.hasRemaining()) {
					position += channel.write(content, position);
				}
			});
			if (!fetch.last()) {
				return read;
			}
			RestorePlan.DeltaFetch delta = fetch.delta();
			if (!read.isLast() || read.pageCount() != delta.pageCount()) {
				throw new BrokenChainException(delta.generation(), "its parts " + delta.partKeys()
						+ " do not make a whole delta of " + delta.pageCount() + " pages");
			}
			channel.truncate(delta.pageCount() * pageSize);
			return null;
		}
		catch (IOException ex) {
			throw new BucketHeadException("Cannot write the restored database " + file + ": " + ex, ex);
		}
	}

	private byte[] part(PartFetch fetch, PartSpill firstParts, HeadPointer head) {
		byte[] part = firstParts.get(fetch.key());
		if (part != null) {
			return part;
		}
		long step = store.layout().sequenceOfSuccessorKey(fetch.key());
		return step < 0 ? store.readDeltaPart(fetch.key())
				: readStep(head.branch(), head.effectiveLineage(), step)
					.orElseThrow(() -> new BrokenChainException(fetch.delta().generation(), "its step " + fetch.key()
							+ " disappeared during the restore"))
					.firstPart();
	}

}
