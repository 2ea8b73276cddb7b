package dev.buckethead.snapshot;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the retained generations of all branches need: their manifests, packs, chunk objects and reference
 * lists. The base of every gc decision. Manifests that only a missing or unreadable head could retain count as
 * retained (see {@link SnapshotInventory#headless()}), unless a caller explicitly lets them go.
 */
public final class RetainedGenerations {

	private static final Logger log = LoggerFactory.getLogger(RetainedGenerations.class);

	private final SnapshotStore store;

	private final Map<String, Manifest> manifests = new HashMap<>();

	/** The reference lists of the retained delta steps, by source. */
	private final Map<String, Set<String>> deltaReferences = new HashMap<>();

	/** The claims of the retained delta steps. */
	private final Set<String> claimKeys = new HashSet<>();

	/** The further parts ({@code deltas/}) the retained delta steps list. */
	private final Set<String> deltaParts = new HashSet<>();

	private RetainedGenerations(SnapshotStore store) {
		this.store = store;
	}

	/** Reads every head and manifest; manifests of branches whose head is missing or unreadable are retained. */
	public static RetainedGenerations read(SnapshotStore store, BranchHeads heads) {
		return of(store, heads, SnapshotInventory.read(store, heads), true);
	}

	/**
	 * @param keepHeadless whether the manifests only a missing or unreadable head could retain count as retained
	 */
	public static RetainedGenerations of(SnapshotStore store, BranchHeads heads, SnapshotInventory inventory,
			boolean keepHeadless) {
		RetainedGenerations retained = new RetainedGenerations(store);
		for (String generation : inventory.retainedBySoundHeads()) {
			inventory.manifest(generation).ifPresentOrElse((manifest) -> retained.manifests.put(generation, manifest),
					// A missing manifest needs nothing; keep going so gc still protects the others.
					() -> log.warn("Retained generation {} is unreadable; it protects no objects", generation));
		}
		for (HeadState state : inventory.heads().values()) {
			if (state.isSound()) {
				retained.addPoints(heads, state.head().pointer());
			}
		}
		if (keepHeadless) {
			for (SnapshotInventory.Headless headless : inventory.headless()) {
				Manifest manifest = headless.entry().manifest();
				if (manifest != null) {
					retained.manifests.put(manifest.generation(), manifest);
				}
			}
		}
		return retained;
	}

	/**
	 * Adds the delta steps the retention policy keeps of a branch (the tip's chain among them), with what they
	 * refer to and the claims and parts they are read from.
	 */
	private void addPoints(BranchHeads heads, HeadPointer tip) {
		BranchPoints.Found found = BranchPoints.read(store, tip, heads.walk());
		RetentionPlanner.Retention retention = heads.plan(found.points());
		java.util.SortedSet<Long> steps = new java.util.TreeSet<>();
		for (BranchPoint point : found.points()) {
			// A kept delta needs every step of its chain (a base needs no claim: its manifest is the point).
			if (!point.isBase() && retention.keeps(point.generation())) {
				for (long step = point.baseSequence() + 1; step <= point.sequence(); step++) {
					steps.add(step);
				}
			}
		}
		SnapshotLayout layout = store.layout();
		for (long step : steps) {
			SuccessorClaim claim = found.claims().get(step);
			if (claim != null) {
				claimKeys.add(layout.successorKey(tip.branch(), tip.effectiveLineage(), step));
				deltaParts.addAll(claim.extraParts());
				claim.referencesOrEmpty().forEach((source, hash) ->
						deltaReferences.computeIfAbsent(source, (name) -> new HashSet<>()).add(hash));
			}
		}
	}

	/** The claims of retained delta steps, as keys. */
	public Set<String> claimKeys() {
		return claimKeys;
	}

	/** The {@code deltas/} parts retained delta steps list, as keys. */
	public Set<String> deltaPartKeys() {
		return deltaParts;
	}

	public Set<String> generations() {
		return manifests.keySet();
	}

	/** The hashes of chunks stored as their own objects (format 1) that a retained generation uses. */
	public Set<String> chunkObjectHashes() {
		Set<String> hashes = new HashSet<>();
		manifests.values().forEach((manifest) -> manifest.chunks().forEach((chunk) -> {
			if (chunk.location() == null) {
				hashes.add(chunk.sha256());
			}
		}));
		return hashes;
	}

	/**
	 * For each pack a retained generation uses, the compressed bytes of it they use (each chunk counted once,
	 * however many generations share it): a pack is needed while this has an entry for it, and what its size
	 * exceeds this by is space only a re-pack could free.
	 */
	public Map<String, Long> referencedPackBytes() {
		Map<String, Set<Long>> seen = new HashMap<>();
		Map<String, Long> bytes = new HashMap<>();
		manifests.values().forEach((manifest) -> manifest.chunks().forEach((chunk) -> {
			ChunkLocation location = chunk.location();
			if (location != null && seen.computeIfAbsent(location.pack(), (pack) -> new HashSet<>()).add(location.offset())) {
				bytes.merge(location.pack(), (long) location.size(), Long::sum);
			}
		}));
		return bytes;
	}

	public Set<String> referenceListHashes() {
		Set<String> hashes = new HashSet<>();
		manifests.values().forEach((manifest) -> hashes.addAll(manifest.references().values()));
		deltaReferences.values().forEach(hashes::addAll);
		return hashes;
	}

	/** The keys recorded under {@code sourceName} by any retained generation. */
	public Set<String> referencedKeys(String sourceName) {
		Set<String> lists = new HashSet<>();
		manifests.values().forEach((manifest) -> {
			String hash = manifest.references().get(sourceName);
			if (hash != null) {
				lists.add(hash);
			}
		});
		lists.addAll(deltaReferences.getOrDefault(sourceName, Set.of()));
		Set<String> keys = new HashSet<>();
		lists.forEach((hash) -> keys.addAll(store.readReferences(hash)));
		return keys;
	}

}
