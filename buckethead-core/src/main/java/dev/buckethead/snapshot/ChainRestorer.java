package dev.buckethead.snapshot;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.buckethead.BucketHeadException;
import dev.buckethead.snapshot.SnapshotReader.Restored;

/**
 * Restores a head's state: the base's manifest through {@link SnapshotReader}, then the delta steps after it in
 * order, each part verified before its pages are written, then {@code quick_check}. The decision (which base,
 * which deltas) is {@link RestorePlanner}'s; this class is the I/O around it.
 */
final class ChainRestorer {

	/**
	 * First parts up to this size are kept from the walk for the apply; larger ones are fetched again then, so
	 * that a chain's memory stays small whatever its length (compaction bounds a chain by bytes, not memory).
	 */
	private static final int MAX_KEPT_PART_BYTES = 1024 * 1024;

	private final SnapshotStore store;

	private final SnapshotReader reader;

	private final PageDeltaReader deltas;

	ChainRestorer(SnapshotStore store, SnapshotReader reader, ChunkCodec codec) {
		this.store = store;
		this.reader = reader;
		this.deltas = new PageDeltaReader(codec);
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
		Map<String, byte[]> firstParts = new HashMap<>();
		String branch = head.branch();
		String lineage = head.effectiveLineage();
		long deltaBytes = 0;
		for (long sequence = head.effectiveBaseSequence() + 1; sequence <= head.effectiveSequence(); sequence++) {
			String key = store.layout().successorKey(branch, lineage, sequence);
			SnapshotStore.Step step = store.readStep(branch, lineage, sequence)
				.orElseThrow(() -> new BrokenChainException(head.generation(), "its chain lacks step " + key));
			SuccessorClaim claim = step.claim();
			// A step may name an older base of the lineage: it was written before a background compaction made a
			// later step (the head's base) a base. Each delta holds the pages changed since the step before it, so
			// it applies on the head's base all the same.
			if (!claim.isDelta() || !(head.effectiveBase().equals(claim.base())
					|| claim.baseSequence() < head.effectiveBaseSequence())) {
				throw new BrokenChainException(claim.generation(), "step " + key + " is not a delta on base "
						+ head.effectiveBase());
			}
			byte[] first = step.firstPart();
			if (first.length <= MAX_KEPT_PART_BYTES) {
				firstParts.put(key, first);
			}
			List<String> parts = new ArrayList<>();
			parts.add(key);
			parts.addAll(claim.extraParts());
			chain.put(claim.generation(), new GenerationInfo(claim.generation(), claim.after(), claim.createdAt(),
					new GenerationInfo.Delta(claim.pageCount(), claim.pageSize(), parts)));
		}
		RestorePlan plan = RestorePlanner.plan(List.of(head.generation()), chain, RestorePoint.latest());
		Restored restored = reader.restore(base, plan.baseReads(), directory);
		try {
			deltaBytes = apply(plan, restored.file(), firstParts, head);
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

	/** Applies the plan's deltas, oldest first; returns the bytes of their parts. */
	private long apply(RestorePlan plan, Path file, Map<String, byte[]> firstParts, HeadPointer head) {
		long fetched = 0;
		SnapshotLayout layout = store.layout();
		int pageSize = plan.pageSize();
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
			for (RestorePlan.DeltaFetch delta : plan.deltas()) {
				PageDeltaPart previous = null;
				for (String key : delta.partKeys()) {
					byte[] part = firstParts.get(key);
					if (part == null) {
						long step = layout.sequenceOfSuccessorKey(key);
						part = step < 0 ? store.readDeltaPart(key)
								: store.readStep(head.branch(), head.effectiveLineage(), step)
									.orElseThrow(() -> new BrokenChainException(delta.generation(), "its step " + key
											+ " disappeared during the restore"))
									.firstPart();
					}
					fetched += part.length;
					previous = deltas.read(part, key, previous, (page, content) -> {
						long position = (long) (page - 1) * pageSize;
						while (content.hasRemaining()) {
							position += channel.write(content, position);
						}
					});
				}
				if (previous == null || !previous.isLast() || previous.pageCount() != delta.pageCount()) {
					throw new BrokenChainException(delta.generation(), "its parts " + delta.partKeys()
							+ " do not make a whole delta of " + delta.pageCount() + " pages");
				}
				channel.truncate(delta.pageCount() * pageSize);
			}
			return fetched;
		}
		catch (IOException ex) {
			throw new BucketHeadException("Cannot write the restored database " + file + ": " + ex, ex);
		}
	}

}
