package dev.buckethead.snapshot;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;

import dev.buckethead.bucket.BucketException;
import dev.buckethead.bucket.PreconditionFailedException;
import dev.buckethead.bucket.WriteCondition;
import dev.buckethead.snapshot.SnapshotStore.Head;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves branches forward so that exactly one writer wins each step, on every S3-compatible store.
 * <p>
 * The fence is the successor claim ({@link SuccessorClaim}): a writer that saw a branch at step n creates the
 * claim of step n + 1, {@code successors/<branch>/<lineage>/<n + 1>}, with If-None-Match before it touches the
 * head. If-None-Match is
 * atomic on S3, R2, MinIO and S3Proxy; If-Match is not atomic on S3Proxy, so the head write that follows stays
 * conditional but is no longer what keeps two writers apart. Readers follow claims from the head
 * ({@link #read}), so a step whose head write failed is still the branch's state, and a head may lag.
 * <p>
 * Also keeps each head's list of retained generations to the configured length and deletes the manifests that
 * fall off it, unless another branch still retains them.
 */
public final class BranchHeads {

	private static final Logger log = LoggerFactory.getLogger(BranchHeads.class);

	/**
	 * A head lags its claims by {@link ChainLimits#headLagSteps} normally, and by a chain's length (at most twice
	 * {@link ChainLimits#maxSteps}) when its writes failed all along; far more means a loop or a damaged bucket.
	 */
	static final int MAX_SUCCESSOR_STEPS = 100_000;

	/** Head writes after a claim retried when a head rewrite without a new generation (a prune) got between. */
	private static final int HEAD_WRITE_ATTEMPTS = 3;

	private static final SecureRandom RANDOM = new SecureRandom();

	private final SnapshotStore store;

	private final int keepGenerations;

	private final RetentionPolicy retention;

	private final Clock clock;

	private final String writer = randomId();

	private final StepWalk walk;

	/** Heads that retain the newest {@code keepGenerations} bases only ({@link RetentionPolicy#NONE}). */
	public BranchHeads(SnapshotStore store, int keepGenerations, Clock clock) {
		this(store, keepGenerations, RetentionPolicy.NONE, clock);
	}

	/**
	 * @param keepGenerations the newest bases every head retains whatever their age
	 * @param retention which older points heads retain as they age ({@link RetentionPlanner})
	 */
	public BranchHeads(SnapshotStore store, int keepGenerations, RetentionPolicy retention, Clock clock) {
		this(store, keepGenerations, retention, clock, null);
	}

	/**
	 * @param io where the claims past a head are read, in parallel windows ({@link StepWalk}); null reads them
	 * one at a time
	 */
	public BranchHeads(SnapshotStore store, int keepGenerations, RetentionPolicy retention, Clock clock,
			@Nullable ExecutorService io) {
		if (keepGenerations < 1) {
			throw new IllegalArgumentException("keepGenerations must be at least 1, got " + keepGenerations);
		}
		this.store = store;
		this.keepGenerations = keepGenerations;
		this.retention = retention;
		this.clock = clock;
		this.walk = new StepWalk(io);
	}

	/** How claims are read: in parallel windows on the I/O threads this was built with. */
	StepWalk walk() {
		return walk;
	}

	/** How many generations a head retains whatever their age. */
	public int keepGenerations() {
		return keepGenerations;
	}

	/** Which older points heads retain as they age. */
	public RetentionPolicy retention() {
		return retention;
	}

	/** What the policy keeps of {@code points} (newest first) now. */
	public RetentionPlanner.Retention plan(List<BranchPoint> points) {
		return RetentionPlanner.plan(points, clock.instant(), retention, keepGenerations);
	}

	/**
	 * The branch's head as found, reporting an unreadable one instead of throwing (see {@link HeadState}); a
	 * sound head reads as {@link #read} does.
	 */
	public HeadState inspect(String branch) {
		HeadState state = store.inspectHead(branch);
		return state.isSound() ? HeadState.sound(branch, followSuccessors(branch, state.head())) : state;
	}

	/**
	 * The branch's current state: its head, moved forward along any successor claims newer than it (the ETag
	 * stays that of the head object, for the next conditional write).
	 */
	public Optional<Head> read(String branch) {
		return store.readHead(branch).map((head) -> followSuccessors(branch, head));
	}

	/**
	 * The state {@code pointer} leads to: moved forward along the successor claims after its step, as a start
	 * that read it as the head would find it.
	 */
	public HeadPointer follow(HeadPointer pointer) {
		return followSuccessors(pointer.branch(), new Head(pointer, "")).pointer();
	}

	private Head followSuccessors(String branch, Head head) {
		HeadPointer pointer = head.pointer();
		List<String> newer = new ArrayList<>();
		String generation = pointer.generation();
		long sequence = pointer.effectiveSequence();
		String base = pointer.effectiveBase();
		long baseSequence = pointer.effectiveBaseSequence();
		List<SuccessorClaim> claims = new ArrayList<>();
		long from = pointer.effectiveSequence() + 1;
		long limit = pointer.effectiveSequence() + MAX_SUCCESSOR_STEPS;
		String lineage = pointer.effectiveLineage();
		// The claims only, not the page data a delta step also holds: a lagging head is followed often.
		long reached = walk.walk(from, from - 1, limit, (step) -> store.readSuccessor(branch, lineage, step),
				(claim) -> 0, (step, claim) -> claims.add(claim));
		if (reached == limit) {
			throw new CorruptSnapshotException(store.layout().successorKey(branch, pointer.effectiveLineage(), limit),
					"branch '" + branch + "' has more than " + MAX_SUCCESSOR_STEPS
							+ " successor claims after its head; the bucket is damaged");
		}
		for (SuccessorClaim claim : claims) {
			generation = claim.generation();
			sequence++;
			if (claim.isDelta()) {
				// Retained generations are bases (they have manifests); a delta only moves the tip.
				base = claim.base();
				baseSequence = claim.baseSequence();
			}
			else {
				base = generation;
				baseSequence = sequence;
				newer.add(0, generation);
			}
		}
		if (sequence == pointer.effectiveSequence()) {
			return head;
		}
		List<String> retained = new ArrayList<>(newer);
		pointer.retained().stream().filter((older) -> !retained.contains(older)).forEach(retained::add);
		if (!retained.contains(base)) {
			// A base compacted in the background that the lagging head does not list yet: the state needs it.
			retained.add(base);
			retained.sort(java.util.Comparator.comparing(GenerationIds::createdAt).reversed());
		}
		return new Head(new HeadPointer(pointer.format(), branch, generation, retained, pointer.updatedAt(),
				pointer.lineage(), sequence, base, baseSequence), head.etag());
	}

	public List<String> branches() {
		return store.branches();
	}

	/**
	 * Points {@code branch} at {@code generation}, keeping the older generations {@code expected} retained. A new
	 * generation is first claimed as the successor of {@code expected}'s; then the head is written.
	 * @param expected the branch state this writer last saw ({@link #read}); null when the branch must not exist
	 * yet
	 * @throws SnapshotConflictException when another writer claimed the step or moved the head
	 */
	public Head advance(String branch, String generation, @Nullable Head expected) {
		String lineage = expected == null ? randomId() : expected.pointer().effectiveLineage();
		boolean claimed = expected != null && !expected.pointer().generation().equals(generation);
		long sequence = expected == null ? 0 : expected.pointer().effectiveSequence() + (claimed ? 1 : 0);
		if (claimed) {
			claim(baseClaim(branch, generation, expected), null, 0);
		}
		// Retained generations are bases: a rewrite without a new step keeps the tip's base first.
		String newest = expected != null && !claimed ? expected.pointer().effectiveBase() : generation;
		List<String> candidates = new ArrayList<>();
		candidates.add(newest);
		if (expected != null) {
			expected.pointer().retained().stream().filter((older) -> !candidates.contains(older)).forEach(candidates::add);
		}
		// The head lists bases only, and the planner keeps the same bases whether it sees the deltas or not.
		List<String> kept = plan(candidates.stream().map((base) -> BranchPoint.base(BranchPoint.UNKNOWN_SEQUENCE, base))
			.toList()).kept();
		List<String> retained = candidates.stream().filter(kept::contains).toList();
		// A rewrite without a new step (a prune) keeps the state's base: the tip may be a delta on it.
		HeadPointer pointer = expected != null && !claimed
				? new HeadPointer(HeadPointer.FORMAT, branch, generation, retained, clock.instant(), lineage, sequence,
						expected.pointer().effectiveBase(), expected.pointer().effectiveBaseSequence())
				: HeadPointer.ofBase(branch, generation, retained, clock.instant(), lineage, sequence);
		Head written = claimed ? writeHeadAfterClaim(pointer, expected) : writeHead(pointer, expected);
		if (expected != null && !written.etag().equals(expected.etag())) {
			List<String> evicted = new ArrayList<>(expected.pointer().retained());
			evicted.removeAll(retained);
			deleteUnretained(evicted);
		}
		return written;
	}

	/**
	 * The claim {@link #advance} makes for a base {@code generation} after {@code expected}'s state: the next step
	 * of its lineage. Only for a new generation after an existing head (advance claims nothing otherwise).
	 */
	public SuccessorClaim baseClaim(String branch, String generation, Head expected) {
		HeadPointer seen = expected.pointer();
		return new SuccessorClaim(SuccessorClaim.FORMAT, branch, seen.effectiveLineage(), seen.effectiveSequence() + 1,
				seen.generation(), generation, writer, clock.instant());
	}

	/**
	 * Makes a delta step the branch's next step: creates its object (claim and first part in one PUT, the fence),
	 * then, when {@code writeHead}, the head. Without a head write the head lags and readers walk past it, so a
	 * flush of a small change is one request.
	 * @param claim the step's header as {@link #deltaClaim} made it
	 * @throws SnapshotConflictException when another writer claimed the step
	 */
	public Head advanceDelta(SuccessorClaim claim, byte[] firstPart, int length, Head expected, boolean writeHead) {
		claim(claim, firstPart, length);
		HeadPointer seen = expected.pointer();
		HeadPointer pointer = new HeadPointer(HeadPointer.FORMAT, claim.branch(), claim.generation(), seen.retained(),
				writeHead ? clock.instant() : seen.updatedAt(), claim.lineage(), claim.sequence(), claim.base(),
				claim.baseSequence());
		return writeHead ? writePruned(pointer, expected) : new Head(pointer, expected.etag());
	}

	/**
	 * Writes a head after a claim, retaining what the policy keeps of its bases, as {@link #advance} does: a chain
	 * made bases by compaction, not by base steps, so without this the bases compacted in the background would
	 * stay retained whatever their age. The state's base is always kept; the manifests let go are deleted once the
	 * head is written (unless another head retains them).
	 */
	private Head writePruned(HeadPointer pointer, Head expected) {
		List<String> candidates = new ArrayList<>(pointer.retained());
		if (!candidates.contains(pointer.effectiveBase())) {
			candidates.add(pointer.effectiveBase());
		}
		candidates.sort(java.util.Comparator.comparing(GenerationIds::createdAt).reversed());
		List<String> kept = plan(candidates.stream().map((base) -> BranchPoint.base(BranchPoint.UNKNOWN_SEQUENCE, base))
			.toList()).kept();
		List<String> retained = candidates.stream()
			.filter((base) -> kept.contains(base) || base.equals(pointer.effectiveBase()))
			.toList();
		Head written = writeHeadAfterClaim(new HeadPointer(pointer.format(), pointer.branch(), pointer.generation(),
				retained, pointer.updatedAt(), pointer.lineage(), pointer.sequence(), pointer.base(),
				pointer.baseSequence()), expected);
		List<String> evicted = new ArrayList<>(expected.pointer().retained());
		evicted.removeAll(written.pointer().retained());
		if (!written.etag().equals(expected.etag())) {
			deleteUnretained(evicted);
		}
		return written;
	}

	/** The header of the delta step that follows {@code expected}'s state. */
	public SuccessorClaim deltaClaim(Head expected, String generation, int pageSize, long pageCount,
			java.util.Map<String, String> references, List<String> extraParts) {
		HeadPointer seen = expected.pointer();
		return new SuccessorClaim(SuccessorClaim.FORMAT, seen.branch(), seen.effectiveLineage(),
				seen.effectiveSequence() + 1, seen.generation(), generation, writer, clock.instant(),
				SuccessorClaim.KIND_DELTA, seen.effectiveBase(), seen.effectiveBaseSequence(), pageSize, pageCount,
				references.isEmpty() ? null : java.util.Map.copyOf(references),
				extraParts.isEmpty() ? null : List.copyOf(extraParts));
	}

	/**
	 * Rewrites the head at the state {@code current} holds (a tip it lags behind), conditionally on the head's
	 * ETag. A failure leaves the head lagging, which readers walk past: logged, not thrown.
	 */
	public Head catchUp(Head current) {
		HeadPointer seen = current.pointer();
		HeadPointer pointer = new HeadPointer(HeadPointer.FORMAT, seen.branch(), seen.generation(), seen.retained(),
				clock.instant(), seen.lineage(), seen.sequence(), seen.base(), seen.baseSequence());
		return writePruned(pointer, current);
	}

	/**
	 * Rewrites the head at the state {@code current} holds with {@code generations} (bases compacted for points of
	 * it) retained too, in time order; conditional on the head's ETag, like a prune.
	 * @throws SnapshotConflictException when the head moved meanwhile
	 */
	public Head retain(Head current, List<String> generations) {
		HeadPointer seen = current.pointer();
		HeadPointer pointer = withRetained(new HeadPointer(HeadPointer.FORMAT, seen.branch(), seen.generation(),
				seen.retained(), clock.instant(), seen.lineage(), seen.sequence(), seen.base(), seen.baseSequence()),
				generations);
		try {
			return new Head(pointer, store.writeHead(pointer, condition(current)));
		}
		catch (PreconditionFailedException ex) {
			throw new SnapshotConflictException(seen.branch(), seen.generation(),
					read(seen.branch()).map((head) -> head.pointer().generation()).orElse(null));
		}
	}

	private void claim(SuccessorClaim claim, byte @Nullable [] firstPart, int length) {
		try {
			if (firstPart == null) {
				store.writeSuccessor(claim);
			}
			else {
				store.writeDeltaStep(claim, firstPart, length);
			}
		}
		catch (PreconditionFailedException ex) {
			Optional<SuccessorClaim> winner = store.readSuccessor(claim.branch(), claim.lineage(), claim.sequence());
			if (winner.isPresent() && winner.get().writer().equals(writer)
					&& winner.get().generation().equals(claim.generation())) {
				// A retried request whose first attempt had already landed: the step is ours.
				return;
			}
			throw new SnapshotConflictException(claim.branch(), claim.after(),
					winner.map(SuccessorClaim::generation).orElse(null));
		}
	}

	/** A head write that is the fence itself: creating a branch, or rewriting it without a new generation. */
	private Head writeHead(HeadPointer pointer, @Nullable Head expected) {
		try {
			return new Head(pointer, store.writeHead(pointer, condition(expected)));
		}
		catch (PreconditionFailedException ex) {
			Optional<Head> actual = store.readHead(pointer.branch());
			if (actual.isPresent() && actual.get().pointer().generation().equals(pointer.generation())) {
				// A retried request whose first attempt had already landed: the head is ours.
				return actual.get();
			}
			throw new SnapshotConflictException(pointer.branch(),
					expected == null ? null : expected.pointer().generation(),
					actual.map((head) -> head.pointer().generation()).orElse(null));
		}
	}

	/**
	 * The head write after a successful claim. The claim already made the step the branch's state, so a head
	 * write that fails leaves a lagging head that readers walk past, not lost data; a head rewritten meanwhile
	 * without a new generation (a prune) is written again if its state still leads to ours.
	 */
	private Head writeHeadAfterClaim(HeadPointer claimed, Head expected) {
		HeadPointer pointer = claimed;
		Head current = expected;
		for (int attempt = 1;; attempt++) {
			try {
				return new Head(pointer, store.writeHead(pointer, condition(current)));
			}
			catch (PreconditionFailedException ex) {
				Optional<Head> raw = store.readHead(pointer.branch());
				Optional<Head> state = raw.map((head) -> followSuccessors(claimed.branch(), head));
				if (state.isEmpty() || !state.get().pointer().generation().equals(pointer.generation())) {
					throw new SnapshotConflictException(pointer.branch(), expected.pointer().generation(),
							state.map((head) -> head.pointer().generation()).orElse(null));
				}
				if (raw.get().pointer().generation().equals(pointer.generation())) {
					return raw.get();
				}
				if (attempt == HEAD_WRITE_ATTEMPTS) {
					return lagging(pointer, expected, ex);
				}
				current = raw.get();
				// What the rewrite meanwhile retained (a compacted base) stays retained.
				pointer = withRetained(pointer, current.pointer().retained());
			}
			catch (BucketException ex) {
				return lagging(pointer, expected, ex);
			}
		}
	}

	/** {@code pointer} also retaining {@code others}, newest first. */
	private static HeadPointer withRetained(HeadPointer pointer, List<String> others) {
		List<String> retained = new ArrayList<>(pointer.retained());
		others.stream().filter((generation) -> !retained.contains(generation)).forEach(retained::add);
		if (retained.size() == pointer.retained().size()) {
			return pointer;
		}
		retained.sort(java.util.Comparator.comparing(GenerationIds::createdAt).reversed());
		return new HeadPointer(pointer.format(), pointer.branch(), pointer.generation(), retained, pointer.updatedAt(),
				pointer.lineage(), pointer.sequence(), pointer.base(), pointer.baseSequence());
	}

	/** The branch state after a claim whose head write did not land: the old head's ETag, no evictions. */
	private static Head lagging(HeadPointer pointer, Head expected, BucketException cause) {
		log.warn("Generation {} of branch '{}' is claimed, but its head could not be written ({}); readers "
				+ "follow the claim, and the next flush writes the head", pointer.generation(), pointer.branch(),
				cause.getMessage());
		return new Head(pointer, expected.etag());
	}

	private static WriteCondition condition(@Nullable Head expected) {
		return expected == null ? WriteCondition.ifAbsent() : WriteCondition.ifMatch(expected.etag());
	}

	/**
	 * Writes a new head for a branch whose head is missing or unreadable: at {@code generations.get(0)},
	 * retaining {@code generations} (at most keepGenerations of them). Conditional on what was found, so a head another
	 * process wrote meanwhile is never overwritten: If-None-Match for a missing head, If-Match on the unreadable
	 * object's ETag otherwise.
	 * @throws SnapshotConflictException when the head is no longer as found
	 */
	public Head recreate(HeadState found, List<String> generations) {
		List<String> retained = generations.subList(0, Math.min(generations.size(), keepGenerations));
		// A new lineage: the claims of the lost head's lineage must not be taken for this head's steps.
		return recreate(found, HeadPointer.ofBase(found.branch(), retained.get(0), retained, clock.instant(),
				randomId(), 0L));
	}

	/**
	 * Writes {@code pointer} as the head over what was {@code found}: for a head rebuilt at the tip of the lost
	 * head's own lineage, whose next step a writer claims as before (so a writer still running on the lost head
	 * is fenced by the same claim).
	 * @throws SnapshotConflictException when the head is no longer as found
	 */
	public Head recreate(HeadState found, HeadPointer rebuilt) {
		String branch = found.branch();
		// Written now, by this clock (tests inject one), whatever time the caller's pointer carries.
		HeadPointer pointer = new HeadPointer(rebuilt.format(), rebuilt.branch(), rebuilt.generation(),
				rebuilt.retained(), clock.instant(), rebuilt.lineage(), rebuilt.sequence(), rebuilt.base(),
				rebuilt.baseSequence());
		WriteCondition condition = found.damagedEtag() == null ? WriteCondition.ifAbsent()
				: WriteCondition.ifMatch(found.damagedEtag());
		try {
			return new Head(pointer, store.writeHead(pointer, condition));
		}
		catch (PreconditionFailedException ex) {
			HeadState now = inspect(branch);
			if (now.isSound() && now.head().pointer().equals(pointer)) {
				// A retried request whose first attempt had already landed: the head is ours.
				return now.head();
			}
			throw new SnapshotConflictException(branch, null,
					now.isSound() ? now.head().pointer().generation() : null);
		}
	}

	/** Deletes a branch's head, its successor claims, and the manifests only it retained. */
	public void delete(String branch) {
		Optional<Head> head = read(branch);
		store.deleteHead(branch);
		store.deleteSuccessors(branch);
		head.ifPresent((h) -> deleteUnretained(h.pointer().retained()));
	}

	/**
	 * Every generation some branch's stored head retains. Pruning runs on the flush path, so it reads the heads
	 * without walking their claims (one GET per branch, not two): the generations it may delete are older ones of
	 * the pruning branch's own list, and another branch can only share one of those through its stored head's list
	 * (a branch is created or overwritten at a generation by writing its head); generations reached only through
	 * claims are newer than anything pruned.
	 */
	private Set<String> retainedByAnyStoredHead() {
		Set<String> retained = new HashSet<>();
		for (String branch : store.branches()) {
			store.readHead(branch).ifPresent((head) -> retained.addAll(head.pointer().retained()));
		}
		return retained;
	}

	private void deleteUnretained(List<String> generations) {
		if (generations.isEmpty()) {
			return;
		}
		try {
			Set<String> stillRetained = retainedByAnyStoredHead();
			for (String generation : generations) {
				if (!stillRetained.contains(generation)) {
					store.deleteManifest(generation);
				}
			}
		}
		catch (BucketException | CorruptSnapshotException ex) {
			// The new head is already in place; a manifest left behind is only storage, which gc reclaims. An
			// unreadable head of another branch may retain any of them, so nothing is pruned then.
			log.warn("Could not prune old snapshot generations {}: {}", generations, ex.getMessage());
		}
	}

	private static String randomId() {
		byte[] bytes = new byte[8];
		RANDOM.nextBytes(bytes);
		return HexFormat.of().formatHex(bytes);
	}

}
