package dev.buckethead.snapshot;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.buckethead.snapshot.SnapshotReader.Restored;
import dev.buckethead.snapshot.SnapshotStore.Head;

/**
 * Rebuilds the head of a branch whose head is missing or unreadable from the newest manifest of the branch that
 * restores soundly (every chunk present and hash-verified, page count, {@code quick_check}). The one mechanism
 * behind {@link OnMissingHead#RECOVER_NEWEST}, fallback over an unreadable head, and {@code buckethead
 * repair-head}.
 */
public final class HeadRecovery {

	private final SnapshotReader reader;

	private final BranchHeads heads;

	public HeadRecovery(SnapshotReader reader, BranchHeads heads) {
		this.reader = reader;
		this.heads = heads;
	}

	/** A generation that did not restore soundly, and why. */
	public record Rejected(String generation, String problem) {
	}

	/**
	 * The newest sound generation of a branch, restored to a verified file that the caller owns, and the newer
	 * ones rejected on the way.
	 */
	public record Verified(Manifest manifest, Restored restored, List<Rejected> rejected) {
	}

	/** The command that rebuilds a head, for messages. */
	public static String command(String branch, String snapshotKey) {
		return "buckethead repair-head --branch " + branch + " --snapshot-key " + snapshotKey;
	}

	/**
	 * Restores the candidates, newest first, until one is sound.
	 * @param candidates the branch's manifests, newest first
	 * @throws CorruptSnapshotException when none is sound (naming each problem) or there is none
	 */
	public Verified newestSound(String branch, List<Manifest> candidates, Path directory, String headKey) {
		List<Rejected> rejected = new ArrayList<>();
		for (Manifest candidate : candidates) {
			try {
				return new Verified(candidate, reader.restore(candidate, directory), List.copyOf(rejected));
			}
			catch (CorruptSnapshotException ex) {
				rejected.add(new Rejected(candidate.generation(), ex.getMessage()));
			}
		}
		throw new CorruptSnapshotException(headKey, "no generation of branch '" + branch + "' restores soundly"
				+ (rejected.isEmpty() ? " (the bucket holds no manifest of it)" : ": " + rejected));
	}

	/**
	 * Writes the head over what was {@code found}: at the verified generation, retaining the older candidates
	 * after it.
	 * @throws SnapshotConflictException when the head changed since it was found
	 */
	public Head writeHead(HeadState found, Verified verified, List<Manifest> candidates) {
		return heads.recreate(found, retained(verified, candidates));
	}

	/** The generations the rebuilt head retains: the verified one, then the older candidates, up to the limit. */
	public List<String> retained(Verified verified, List<Manifest> candidates) {
		List<String> generations = new ArrayList<>();
		generations.add(verified.manifest().generation());
		candidates.stream()
			.map(Manifest::generation)
			.filter((generation) -> generation.compareTo(verified.manifest().generation()) < 0)
			.limit(heads.keepGenerations() - 1L)
			.forEach(generations::add);
		return generations;
	}

}
