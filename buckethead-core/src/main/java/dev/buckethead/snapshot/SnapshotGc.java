package dev.buckethead.snapshot;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.buckethead.bucket.ObjectInfo;

import dev.buckethead.bucket.UnreferencedObjects;
import dev.buckethead.bucket.UnreferencedObjects.Sweep;

/**
 * Deletes manifests no branch retains, packs in which no retained manifest uses a chunk, chunk objects and
 * reference lists no retained manifest uses, and successor claims that follow no retained generation, once they
 * are older than the grace period (which protects a flush still uploading, whose manifest is not in a head yet).
 * <p>
 * A pack is kept whole while any retained manifest uses any chunk in it, so as generations age out a pack can
 * hold chunks nobody needs; the report says how much ({@link PackSpace}). Freeing that space means re-packing the
 * chunks still used into new packs, which is a compaction job, not gc's.
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

	/**
	 * What one gc found or removed, and how much of the packs it kept nobody uses.
	 *
	 * @param chunks chunk objects (manifest format 1)
	 */
	public record Report(Sweep manifests, Sweep packs, Sweep chunks, Sweep referenceLists, Sweep successors,
			PackSpace packSpace) {

		public long bytes() {
			return manifests.bytes() + packs.bytes() + chunks.bytes() + referenceLists.bytes() + successors.bytes();
		}

		public int objects() {
			return manifests.unreferenced().size() + packs.unreferenced().size() + chunks.unreferenced().size()
					+ referenceLists.unreferenced().size() + successors.unreferenced().size();
		}

	}

	/**
	 * The packs gc kept: their total size, the bytes of them retained generations use, and the packs of which
	 * they use only part (the candidates for re-packing).
	 */
	public record PackSpace(int packs, long bytes, long referencedBytes, List<ObjectInfo> partlyReferenced) {

		public PackSpace {
			partlyReferenced = List.copyOf(partlyReferenced);
		}

		/** Bytes of kept packs that no retained generation uses. */
		public long wastedBytes() {
			return bytes - referencedBytes;
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

	private PackSpace packSpace(List<ObjectInfo> kept, Map<String, Long> referencedBytes) {
		SnapshotLayout layout = store.layout();
		long bytes = 0;
		long referenced = 0;
		List<ObjectInfo> partly = new ArrayList<>();
		for (ObjectInfo pack : kept) {
			long used = referencedBytes.getOrDefault(layout.packIdOfKey(pack.key()), 0L);
			bytes += pack.size();
			referenced += Math.min(used, pack.size());
			if (used < pack.size()) {
				partly.add(pack);
			}
		}
		return new PackSpace(kept.size(), bytes, referenced, partly);
	}

	public Report collect(Duration grace, boolean dryRun) {
		RetainedGenerations retained = RetainedGenerations.read(store, heads);
		SnapshotLayout layout = store.layout();
		var cutoff = clock.instant().minus(grace);
		Set<String> generations = retained.generations();
		Set<String> chunks = retained.chunkObjectHashes();
		Map<String, Long> packBytes = retained.referencedPackBytes();
		Set<String> lists = retained.referenceListHashes();
		Sweep manifests = UnreferencedObjects.sweep(store.bucket(), layout.manifestPrefix(),
				(key) -> generations.contains(layout.generationOfManifestKey(key)), cutoff, dryRun);
		List<ObjectInfo> keptPacks = new ArrayList<>();
		Sweep packSweep = UnreferencedObjects.sweep(store.bucket(), layout.packPrefix(),
				(key) -> packBytes.containsKey(layout.packIdOfKey(key)), cutoff, dryRun, keptPacks::add);
		Sweep chunkSweep = UnreferencedObjects.sweep(store.bucket(), layout.chunkPrefix(),
				(key) -> chunks.contains(layout.hashOfChunkKey(key)), cutoff, dryRun);
		Sweep listSweep = UnreferencedObjects.sweep(store.bucket(), layout.referencesPrefix(),
				(key) -> lists.contains(key.substring(layout.referencesPrefix().length())), cutoff, dryRun);
		Sweep successorSweep = UnreferencedObjects.sweep(store.bucket(), layout.successorPrefix(),
				neededClaims(), cutoff, dryRun);
		return new Report(manifests, packSweep, chunkSweep, listSweep, successorSweep, packSpace(keptPacks, packBytes));
	}

}
