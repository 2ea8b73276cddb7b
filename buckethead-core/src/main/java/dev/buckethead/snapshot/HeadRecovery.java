package dev.buckethead.snapshot;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import dev.buckethead.snapshot.SnapshotReader.Restored;
import dev.buckethead.snapshot.SnapshotStore.Head;

/**
 * Rebuilds the head of a branch whose head is missing or unreadable from the newest manifest of the branch that
 * restores soundly (every chunk present and hash-verified, page count, {@code quick_check}), and the delta steps
 * claimed after it: with page deltas most flushes are delta steps, which have no manifest, so a rebuild from
 * manifests alone would drop every flush since the last base. The one mechanism behind
 * {@link OnMissingHead#RECOVER_NEWEST}, fallback over an unreadable head, and {@code buckethead repair-head}.
 */
public final class HeadRecovery {

	/**
	 * Claims read per lineage, newest first, looking for a base's own step: more than a chain grows between two
	 * bases (twice {@link ChainLimits#DEFAULT_MAX_STEPS}: past that a flush writes a base from the live file)
	 * plus a head's lag, so the newest base is always found.
	 */
	static final int MAX_CLAIMS_SEARCHED = 2 * ChainLimits.DEFAULT_MAX_STEPS + 4096;

	private final SnapshotStore store;

	private final ChainRestorer chains;

	private final BranchHeads heads;

	HeadRecovery(SnapshotStore store, ChainRestorer chains, BranchHeads heads) {
		this.store = store;
		this.chains = chains;
		this.heads = heads;
	}

	/** A generation that did not restore soundly, and why. */
	public record Rejected(String generation, String problem) {
	}

	/**
	 * The newest sound state of a branch, restored to a verified file that the caller owns, and the newer ones
	 * rejected on the way.
	 *
	 * @param manifest the newest sound manifest of the branch
	 * @param tip the step the restored state is at, in the lost head's lineage, when the manifest's own step was
	 * found among the claims (the deltas after it applied); null when the state is the manifest alone
	 * @param base the manifest the restored state is built on (the tip's base; {@code manifest} without a tip)
	 * @param deltaBytes the bytes of the delta steps applied
	 */
	public record Verified(Manifest manifest, @Nullable HeadPointer tip, Manifest base, Restored restored,
			long deltaBytes, List<Rejected> rejected) {

		/** Whether delta steps after the manifest were restored too. */
		public boolean hasDeltas() {
			return tip != null && tip.isDelta();
		}

		/** The generation of the restored state. */
		public String generation() {
			return tip != null ? tip.generation() : manifest.generation();
		}

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
			Optional<HeadPointer> step = ownStep(branch, candidate);
			if (step.isPresent()) {
				HeadPointer tip = heads.follow(step.get());
				try {
					ChainRestorer.Result result = chains.restore(tip, directory);
					return new Verified(candidate, tip, result.base(), result.restored(), result.deltaBytes(),
							List.copyOf(rejected));
				}
				catch (CorruptSnapshotException ex) {
					// The steps after it do not restore: the manifest alone, below, in a new lineage.
					rejected.add(new Rejected(tip.generation(), ex.getMessage()));
				}
			}
			try {
				return new Verified(candidate, null, candidate, chains.restore(HeadPointer.ofBase(branch,
						candidate.generation(), List.of(candidate.generation()), candidate.createdAt(),
						HeadPointer.LEGACY_LINEAGE, 0), directory).restored(), 0, List.copyOf(rejected));
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
		HeadPointer tip = verified.tip();
		if (tip == null) {
			return heads.recreate(found, retained(verified, candidates));
		}
		return heads.recreate(found, new HeadPointer(HeadPointer.FORMAT, tip.branch(), tip.generation(),
				retained(verified, candidates), tip.updatedAt(), tip.lineage(), tip.sequence(), tip.base(),
				tip.baseSequence()));
	}

	/**
	 * The step at which {@code base} was claimed, found among the branch's claims (newest first, per lineage):
	 * empty when it has none (written before claims, or its claims are gone).
	 */
	private Optional<HeadPointer> ownStep(String branch, Manifest base) {
		for (Map.Entry<String, List<Long>> lineage : store.claimedSteps(branch).entrySet()) {
			List<Long> steps = lineage.getValue();
			List<Long> searched = steps.subList(0, Math.min(steps.size(), MAX_CLAIMS_SEARCHED));
			HeadPointer[] found = { null };
			// Newest first, in parallel windows; the walk stops at the first claim that decides.
			heads.walk().walk(0, searched.size() - 1, searched.size() - 1,
					(index) -> Optional.of(readQuietly(branch, lineage.getKey(), searched.get((int) index))),
					(claim) -> 0, (index, claim) -> {
						if (claim.isEmpty()) {
							return true;
						}
						Decision decision = decide(claim.get(), base, branch, lineage.getKey(),
								searched.get((int) index));
						found[0] = decision.found();
						return !decision.stop();
					});
			if (found[0] != null) {
				return Optional.of(found[0]);
			}
		}
		return Optional.empty();
	}

	/** What one claim says of the base's own step: found it, no step of it in this lineage below, or read on. */
	private record Decision(@Nullable HeadPointer found, boolean stop) {

		static final Decision NEXT = new Decision(null, false);

		static final Decision NONE_BELOW = new Decision(null, true);

	}

	private static Decision decide(SuccessorClaim claim, Manifest base, String branch, String lineage, long step) {
		if (claim.isDelta() && claim.base().equals(base.generation())) {
			// A delta on the base names the base's step (a branch's first base has no claim of its own).
			return new Decision(HeadPointer.ofBase(branch, base.generation(), List.of(base.generation()),
					base.createdAt(), lineage, claim.baseSequence()), true);
		}
		String claimBase = claim.isDelta() ? claim.base() : claim.generation();
		int order = claimBase.compareTo(base.generation());
		if (order == 0) {
			return new Decision(HeadPointer.ofBase(branch, base.generation(), List.of(base.generation()),
					base.createdAt(), lineage, step), true);
		}
		// Steps on an older base: this lineage holds no step of this one below here.
		return order < 0 ? Decision.NONE_BELOW : Decision.NEXT;
	}

	/** A claim, or empty when it is gone or unreadable (it decides nothing). */
	private Optional<SuccessorClaim> readQuietly(String branch, String lineage, long step) {
		try {
			return store.readSuccessor(branch, lineage, step);
		}
		catch (CorruptSnapshotException ex) {
			return Optional.empty();
		}
	}

	/**
	 * The generations the rebuilt head retains: the restored state's base, then the older candidates, up to the
	 * limit.
	 */
	public List<String> retained(Verified verified, List<Manifest> candidates) {
		List<String> generations = new ArrayList<>();
		String base = verified.base().generation();
		generations.add(base);
		candidates.stream()
			.map(Manifest::generation)
			.filter((generation) -> generation.compareTo(base) < 0)
			.limit(heads.keepGenerations() - 1L)
			.forEach(generations::add);
		return generations;
	}

}
