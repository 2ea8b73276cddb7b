package dev.buckethead.snapshot;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;

import dev.buckethead.bucket.PreconditionFailedException;
import dev.buckethead.live.DatabaseImage;
import dev.buckethead.live.FileImages;

/**
 * Makes a delta step a base from bucket objects only: restores the step (its base's chunks and the deltas, every
 * page verified, {@code quick_check}) into a scratch file, then writes that state as a manifest under the step's
 * own generation id through {@link SnapshotWriter}, which references every chunk the base already stores and
 * uploads only the chunks the deltas changed. The live database is never read, so no flush or writer waits on it.
 * <p>
 * Write order (the manifest last, created with If-None-Match) means an interrupted compaction leaves only
 * unreferenced packs, which gc removes after the grace period; the step stays a delta on its old base until a head
 * retains the new manifest.
 */
final class ChainCompactor {

	private final SnapshotStore store;

	private final ChainRestorer chains;

	private final ChunkCodec codec;

	private final ExecutorService io;

	private final List<ReferenceSource> referenceSources;

	/**
	 * @param io the threads the new chunks are compressed and uploaded on
	 * @param referenceSources what the compacted state refers to (read from the restored file, like an import)
	 */
	ChainCompactor(SnapshotStore store, ChainRestorer chains, ChunkCodec codec, ExecutorService io,
			List<ReferenceSource> referenceSources) {
		this.store = store;
		this.chains = chains;
		this.codec = codec;
		this.io = io;
		this.referenceSources = referenceSources;
	}

	/**
	 * The manifest of {@code point}'s state: its own for a base; for a delta step, a new one under the step's
	 * generation id (or its base's, when the deltas left the base's bytes unchanged: the same state).
	 * @param tip the branch's state, for the lineage the step's chain is read from
	 * @param scratch where the step is restored meanwhile
	 */
	Manifest compact(HeadPointer tip, BranchPoint point, Path scratch) {
		if (point.isBase() || store.hasManifest(point.generation())) {
			// A base, or a step compacted before (for another branch, or by a compaction whose head write did not
			// land): its manifest is the state, written once.
			return store.readManifest(point.generation());
		}
		ChainRestorer.Result restored = chains.restore(point.toHead(tip), scratch);
		Manifest base = restored.base();
		// The base's chunk size, so that every chunk the deltas left alone is found in it and not uploaded again.
		SnapshotWriter writer = new SnapshotWriter(store, codec, base.chunkSize(), io, 16);
		CollectedReferences references = new CollectedReferences(referenceSources);
		try (DatabaseImage image = FileImages.of(restored.restored().file(), references)) {
			return writer.write(image, references, base, base.branch(), point.generation(), point.createdAt())
				.manifest();
		}
		catch (PreconditionFailedException ex) {
			// Another compaction of the same step wrote its manifest first: the same state.
			return store.readManifest(point.generation());
		}
		finally {
			SnapshotReader.deleteQuietly(restored.restored().file());
		}
	}

}
