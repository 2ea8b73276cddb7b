package dev.buckethead.snapshot;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;

import dev.buckethead.bucket.UnreferencedObjects;
import dev.buckethead.bucket.UnreferencedObjects.Sweep;

/**
 * Deletes manifests no branch retains, chunks and reference lists no retained manifest uses, and successor claims
 * that follow no retained generation, once they are
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
	public record Report(Sweep manifests, Sweep chunks, Sweep referenceLists, Sweep successors) {

		public long bytes() {
			return manifests.bytes() + chunks.bytes() + referenceLists.bytes() + successors.bytes();
		}

		public int objects() {
			return manifests.unreferenced().size() + chunks.unreferenced().size()
					+ referenceLists.unreferenced().size() + successors.unreferenced().size();
		}

	}

	/**
	 * A claim is needed to walk from a head to a newer step: those after the head's step in the head's lineage.
	 * Claims of a branch that has no head are kept, as evidence for recovering it; deleting a branch deletes its
	 * claims.
	 */
	private java.util.function.Predicate<String> neededClaims() {
		java.util.Map<String, HeadPointer> heads = new java.util.HashMap<>();
		for (String branch : this.heads.branches()) {
			store.readHead(branch).ifPresent((head) -> heads.put(branch, head.pointer()));
		}
		SnapshotLayout layout = store.layout();
		return (key) -> {
			String[] parts = key.substring(layout.successorPrefix().length()).split("/");
			long sequence = layout.sequenceOfSuccessorKey(key);
			if (parts.length != 3 || sequence < 0) {
				return true;
			}
			HeadPointer head = heads.get(parts[0]);
			if (head == null) {
				return true;
			}
			// An older lineage is walked by nobody; in the head's, only the steps after the head's.
			return head.effectiveLineage().equals(parts[1]) && sequence > head.effectiveSequence();
		};
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
		Sweep successorSweep = UnreferencedObjects.sweep(store.bucket(), layout.successorPrefix(),
				neededClaims(), cutoff, dryRun);
		return new Report(manifests, chunkSweep, listSweep, successorSweep);
	}

}
