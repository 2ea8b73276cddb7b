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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes manifests no branch retains, packs in which no retained manifest uses a chunk, chunk objects and
 * reference lists no retained manifest uses, and successor claims no walk from a head needs, once they are older
 * than the grace period (which protects a flush still uploading, whose manifest is not in a head yet).
 * <p>
 * A manifest no head retains because the head of its branch is missing or unreadable is not garbage: it may be
 * all that is left of the branch. gc keeps it and its chunks, and reports it in {@link Report#keptHeadless()},
 * unless asked to delete such manifests too.
 * <p>
 * A pack is kept whole while any retained manifest uses any chunk in it, so as generations age out a pack can
 * hold chunks nobody needs; the report says how much ({@link PackSpace}). Freeing that space means re-packing the
 * chunks still used into new packs, which is a compaction job, not gc's.
 */
public final class SnapshotGc {

	private static final Logger log = LoggerFactory.getLogger(SnapshotGc.class);

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
	 * @param successors the successor claims no walk from a head and no retained point needs any more
	 * @param deltaParts the further parts of large delta steps ({@code deltas/}) no kept claim lists
	 * @param keptHeadless the manifests kept although no head retains them, because a head is missing or
	 * unreadable (empty when they were let go)
	 */
	public record Report(Sweep manifests, Sweep packs, Sweep chunks, Sweep referenceLists, Sweep successors,
			Sweep deltaParts, PackSpace packSpace, List<SnapshotInventory.Headless> keptHeadless) {

		public long bytes() {
			return manifests.bytes() + packs.bytes() + chunks.bytes() + referenceLists.bytes() + successors.bytes()
					+ deltaParts.bytes();
		}

		public int objects() {
			return manifests.unreferenced().size() + packs.unreferenced().size() + chunks.unreferenced().size()
					+ referenceLists.unreferenced().size() + successors.unreferenced().size()
					+ deltaParts.unreferenced().size();
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
	 * A claim is needed to walk from a head to a newer step: those after the head's step in the head's lineage
	 * (the head as stored, not moved along its claims). Claims of a branch whose head is missing or unreadable are
	 * kept, as evidence for recovering it; deleting a branch deletes its claims.
	 */
	private java.util.function.Predicate<String> neededClaims(SnapshotInventory inventory) {
		java.util.Map<String, HeadState> stored = new java.util.HashMap<>();
		for (String branch : inventory.heads().keySet()) {
			stored.put(branch, store.inspectHead(branch));
		}
		SnapshotLayout layout = store.layout();
		return (key) -> {
			String[] parts = key.substring(layout.successorPrefix().length()).split("/");
			long sequence = layout.sequenceOfSuccessorKey(key);
			HeadState state = parts.length == 3 ? stored.get(parts[0]) : null;
			if (sequence < 0 || state == null || !state.isSound()) {
				return true;
			}
			HeadPointer head = state.head().pointer();
			// An older lineage is walked by nobody; in the head's, the steps after its base: the deltas its state
			// is built from, and the steps past the head.
			return head.effectiveLineage().equals(parts[1]) && sequence > head.effectiveBaseSequence();
		};
	}

	/** The parts a claim lists; none when it is gone or unreadable (gc then keeps nothing for it). */
	private List<String> partsOf(String key) {
		SnapshotLayout layout = store.layout();
		String[] path = key.substring(layout.successorPrefix().length()).split("/");
		long sequence = layout.sequenceOfSuccessorKey(key);
		if (path.length != 3 || sequence < 0) {
			return List.of();
		}
		try {
			return store.readSuccessor(path[0], path[1], sequence).map(SuccessorClaim::extraParts).orElse(List.of());
		}
		catch (CorruptSnapshotException ex) {
			log.warn("Claim {} is unreadable ({}); the delta parts it may list are swept like any", key, ex.problem());
			return List.of();
		}
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

	/** Collects, keeping the manifests (and their chunks) of branches whose head is missing or unreadable. */
	public Report collect(Duration grace, boolean dryRun) {
		return collect(grace, dryRun, false);
	}

	/**
	 * @param deleteHeadless also delete the manifests no head retains because a head is missing or unreadable,
	 * and the chunks only they use (still only those older than {@code grace})
	 */
	public Report collect(Duration grace, boolean dryRun, boolean deleteHeadless) {
		SnapshotInventory inventory = SnapshotInventory.read(store, heads);
		RetainedGenerations retained = RetainedGenerations.of(store, heads, inventory, !deleteHeadless);
		SnapshotLayout layout = store.layout();
		var cutoff = clock.instant().minus(grace);
		Set<String> generations = retained.generations();
		// Keys, not hashes parsed out of keys: keyed names (an encrypted bucket) cannot be turned back into hashes.
		Set<String> chunks = keysOf(retained.chunkObjectHashes(), layout::chunkKey);
		Map<String, Long> packBytes = retained.referencedPackBytes();
		Set<String> lists = keysOf(retained.referenceListHashes(), layout::referencesKey);
		Sweep manifests = store.sweep(layout.manifestPrefix(),
				(key) -> generations.contains(layout.generationOfManifestKey(key)), cutoff, dryRun);
		List<ObjectInfo> keptPacks = new ArrayList<>();
		Sweep packSweep = store.sweep(layout.packPrefix(),
				(key) -> packBytes.containsKey(layout.packIdOfKey(key)), cutoff, dryRun, keptPacks::add);
		Sweep chunkSweep = store.sweep(layout.chunkPrefix(),
				chunks::contains, cutoff, dryRun);
		Sweep listSweep = store.sweep(layout.referencesPrefix(),
				lists::contains, cutoff, dryRun);
		List<SnapshotInventory.Headless> kept = deleteHeadless ? List.of() : inventory.headless();
		if (!kept.isEmpty()) {
			log.warn("Snapshot gc kept {} manifest(s) no head retains, and their chunks, because {}: {}. Repair the "
					+ "head ({}) or, if the data is not wanted, let gc delete them (delete-headless)", kept.size(),
					kept.get(0).reason(), kept.stream().map((headless) -> headless.entry().generation()).toList(),
					HeadRecovery.command(kept.get(0).branch() != null ? kept.get(0).branch() : "<branch>",
							layout.snapshotKey()));
		}
		Set<String> claims = retained.claimKeys();
		java.util.function.Predicate<String> needed = neededClaims(inventory);
		List<ObjectInfo> keptClaims = new ArrayList<>();
		Sweep successorSweep = store.sweep(layout.successorPrefix(),
				(key) -> claims.contains(key) || needed.test(key), cutoff, dryRun, keptClaims::add);
		Set<String> parts = new java.util.HashSet<>(retained.deltaPartKeys());
		for (ObjectInfo claim : keptClaims) {
			if (!claims.contains(claim.key())) {
				// A claim kept for another reason (past a head, a branch without a sound head): its parts stay too.
				parts.addAll(partsOf(claim.key()));
			}
		}
		Sweep deltaSweep = store.sweep(layout.deltaPartPrefix(), parts::contains, cutoff,
				dryRun);
		return new Report(manifests, packSweep, chunkSweep, listSweep, successorSweep, deltaSweep,
				packSpace(keptPacks, packBytes), kept);
	}

	private static Set<String> keysOf(Set<String> hashes, java.util.function.UnaryOperator<String> keyOfHash) {
		Set<String> keys = new java.util.HashSet<>();
		hashes.forEach((hash) -> keys.add(keyOfHash.apply(hash)));
		return keys;
	}

}
