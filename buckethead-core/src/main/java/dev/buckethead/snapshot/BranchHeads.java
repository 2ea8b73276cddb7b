package dev.buckethead.snapshot;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.buckethead.bucket.BucketException;
import dev.buckethead.bucket.PreconditionFailedException;
import dev.buckethead.bucket.WriteCondition;
import dev.buckethead.snapshot.SnapshotStore.Head;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves branch heads, always conditionally: If-None-Match when a head is created, If-Match on the ETag last
 * seen when it advances. Keeps each head's list of retained generations to the configured length and deletes
 * the manifests that fall off it, unless another branch still retains them.
 */
public final class BranchHeads {

	private static final Logger log = LoggerFactory.getLogger(BranchHeads.class);

	private final SnapshotStore store;

	private final int keepGenerations;

	private final Clock clock;

	public BranchHeads(SnapshotStore store, int keepGenerations, Clock clock) {
		if (keepGenerations < 1) {
			throw new IllegalArgumentException("keepGenerations must be at least 1, got " + keepGenerations);
		}
		this.store = store;
		this.keepGenerations = keepGenerations;
		this.clock = clock;
	}

	/** How many generations a head retains. */
	public int keepGenerations() {
		return keepGenerations;
	}

	/**
	 * The branch's head as found, reporting an unreadable one instead of throwing (see {@link HeadState}); a
	 * sound head reads as {@link #read} does.
	 */
	public HeadState inspect(String branch) {
		return store.inspectHead(branch);
	}

	public Optional<Head> read(String branch) {
		return store.readHead(branch);
	}

	public List<String> branches() {
		return store.branches();
	}

	/**
	 * Points {@code branch} at {@code generation}, keeping the older generations {@code expected} retained.
	 * @param expected the head this writer last saw; null when the branch must not exist yet
	 * @throws SnapshotConflictException when the head is no longer {@code expected}
	 */
	public Head advance(String branch, String generation, @Nullable Head expected) {
		List<String> retained = new ArrayList<>();
		retained.add(generation);
		if (expected != null) {
			for (String older : expected.pointer().retained()) {
				if (retained.size() < keepGenerations && !older.equals(generation)) {
					retained.add(older);
				}
			}
		}
		HeadPointer pointer = new HeadPointer(HeadPointer.FORMAT, branch, generation, retained, clock.instant());
		WriteCondition condition = expected == null ? WriteCondition.ifAbsent()
				: WriteCondition.ifMatch(expected.etag());
		String etag;
		try {
			etag = store.writeHead(pointer, condition);
		}
		catch (PreconditionFailedException ex) {
			Optional<Head> actual = store.readHead(branch);
			if (actual.isPresent() && actual.get().pointer().generation().equals(generation)) {
				// A retried request whose first attempt had already landed: the head is ours.
				return actual.get();
			}
			throw new SnapshotConflictException(branch, expected == null ? null : expected.pointer().generation(),
					actual.map((head) -> head.pointer().generation()).orElse(null));
		}
		if (expected != null) {
			List<String> evicted = new ArrayList<>(expected.pointer().retained());
			evicted.removeAll(retained);
			deleteUnretained(evicted);
		}
		return new Head(pointer, etag);
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
		String branch = found.branch();
		HeadPointer pointer = new HeadPointer(HeadPointer.FORMAT, branch, retained.get(0), retained, clock.instant());
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

	/** Deletes a branch's head, and the manifests only it retained. */
	public void delete(String branch) {
		Optional<Head> head = store.readHead(branch);
		store.deleteHead(branch);
		head.ifPresent((h) -> deleteUnretained(h.pointer().retained()));
	}

	/** Every generation some branch head retains. */
	public Set<String> retainedByAnyBranch() {
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
			Set<String> stillRetained = retainedByAnyBranch();
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

}
