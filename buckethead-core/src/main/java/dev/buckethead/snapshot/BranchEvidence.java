package dev.buckethead.snapshot;

import java.util.List;

/**
 * What the bucket holds of a branch whose head is missing: its manifests that no other head retains, its
 * successor claims, and, when no head of any branch and no manifest is left, the chunks and reference lists under
 * the layout. Empty when the branch really is new, which is the only case a start may begin empty.
 *
 * @param manifests the branch's manifests no sound head retains, newest first
 * @param chunks the packs and chunk objects (format 1) found
 */
record BranchEvidence(String branch, List<Manifest> manifests, int successors, int chunks, int referenceLists) {

	/** Looks for the branch's data; lists chunks and reference lists only when nothing else is found. */
	static BranchEvidence find(SnapshotStore store, SnapshotInventory inventory, String branch) {
		SnapshotLayout layout = store.layout();
		store.requirePlainIfPlain();
		List<Manifest> manifests = inventory.headlessOf(branch);
		int successors = store.list(layout.successorPrefix(branch)).size();
		int chunks = 0;
		int lists = 0;
		if (manifests.isEmpty() && successors == 0 && inventory.heads().isEmpty() && inventory.manifests().isEmpty()) {
			chunks = store.list(layout.packPrefix()).size() + store.list(layout.chunkPrefix()).size();
			lists = store.list(layout.referencesPrefix()).size();
		}
		return new BranchEvidence(branch, manifests, successors, chunks, lists);
	}

	boolean isEmpty() {
		return manifests.isEmpty() && successors == 0 && chunks == 0 && referenceLists == 0;
	}

	/** The refusal to start empty over this data, naming what was found and the fixes. */
	MissingHeadException refusal(SnapshotStore store) {
		SnapshotLayout layout = store.layout();
		String where = "Branch '" + branch + "' has no head ('" + layout.headKey(branch) + "') in "
				+ store.describe() + ", but the bucket holds ";
		if (manifests.isEmpty()) {
			String found = successors > 0 ? successors + " successor claim(s) of it"
					: chunks + " pack(s) or chunk object(s) and " + referenceLists + " reference list(s) under '" + layout.root()
							+ "', and no head or manifest of any branch";
			return new MissingHeadException(branch, null, where + found + ". Refusing to start empty over them; "
					+ "nothing was written. No manifest is left to restore: if a fresh start is intended, delete '"
					+ layout.root() + "' or use another snapshot key.");
		}
		Manifest newest = manifests.get(0);
		return new MissingHeadException(branch, newest.generation(), where + manifests.size()
				+ " manifest(s) of it, the newest generation " + newest.generation() + " created at "
				+ newest.createdAt() + ". Refusing to start empty over them (the first flush would write a new head "
				+ "and gc would then delete them); nothing was written. To start from the newest sound generation, "
				+ "set on-missing-head to recover-newest (buckethead.snapshot.on-missing-head=recover-newest, or "
				+ "BUCKETHEAD_SNAPSHOT__ON_MISSING_HEAD=recover_newest), or rebuild the head first with '"
				+ HeadRecovery.command(branch, layout.snapshotKey()) + "' (a dry run; add --apply to write it).");
	}

}
