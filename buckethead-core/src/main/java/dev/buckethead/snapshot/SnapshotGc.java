package dev.buckethead.snapshot;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;

import dev.buckethead.bucket.UnreferencedObjects;
import dev.buckethead.bucket.UnreferencedObjects.Sweep;

/**
 * Deletes manifests no branch retains, and chunks and reference lists no retained manifest uses, once they are
 * older than the grace period (which protects a flush still uploading, whose manifest is not in a head yet).
 */
public final class SnapshotGc {

	private final SnapshotStore store;

	private final BranchHeads heads;

	private final Clock clock;

	public SnapshotGc(SnapshotStore store, BranchHeads heads, Clock clock) {
		this.store = store;
		this.heads = heads;
		this.clock = clock;
	}

	/** What one gc found or removed. */
	public record Report(Sweep manifests, Sweep chunks, Sweep referenceLists) {

		public long bytes() {
			return manifests.bytes() + chunks.bytes() + referenceLists.bytes();
		}

		public int objects() {
			return manifests.unreferenced().size() + chunks.unreferenced().size()
					+ referenceLists.unreferenced().size();
		}

	}

	public Report collect(Duration grace, boolean dryRun) {
		RetainedGenerations retained = RetainedGenerations.read(store, heads);
		SnapshotLayout layout = store.layout();
		var cutoff = clock.instant().minus(grace);
		Set<String> generations = retained.generations();
		Set<String> chunks = retained.chunkHashes();
		Set<String> lists = retained.referenceListHashes();
		Sweep manifests = UnreferencedObjects.sweep(store.bucket(), layout.manifestPrefix(),
				(key) -> generations.contains(layout.generationOfManifestKey(key)), cutoff, dryRun);
		Sweep chunkSweep = UnreferencedObjects.sweep(store.bucket(), layout.chunkPrefix(),
				(key) -> chunks.contains(layout.hashOfChunkKey(key)), cutoff, dryRun);
		Sweep listSweep = UnreferencedObjects.sweep(store.bucket(), layout.referencesPrefix(),
				(key) -> lists.contains(key.substring(layout.referencesPrefix().length())), cutoff, dryRun);
		return new Report(manifests, chunkSweep, listSweep);
	}

}
