package dev.buckethead.snapshot;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import dev.buckethead.BucketHeadException;
import dev.buckethead.live.AdoptionRules;
import dev.buckethead.live.LeftoverLiveFiles;
import dev.buckethead.live.LiveDatabase;
import dev.buckethead.live.LiveDatabaseOptions;
import dev.buckethead.live.LiveDatabases;
import dev.buckethead.snapshot.SnapshotReader.Restored;
import dev.buckethead.snapshot.SnapshotSession.RestoreReport;
import dev.buckethead.snapshot.SnapshotStore.Head;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start-up restore of a session, as its builder configured it: from a live file a dead process left while
 * the head is still the generation it descends from, else from the head's generation, by recovery when the head
 * is missing or unreadable, or (without a head) from a plain SQLite object or from nothing. Which of these a
 * format takes is its {@link SnapshotSession.FormatStrategy}'s choice.
 */
final class SessionStart {

	/** The session's logger: what a start did is part of the session's story. */
	private static final Logger log = LoggerFactory.getLogger(SnapshotSession.class);

	private final SnapshotSession.Builder builder;

	private final SnapshotStore store;

	private final SnapshotReader reader;

	private final BranchHeads heads;

	private final ChainRestorer chains;

	private final String branch;

	private final String defaultBranch;

	private final RestorePoint restorePoint;

	private final boolean fallbackToPrevious;

	private final OnMissingHead onMissingHead;

	private final int keepSetAsideFiles;

	SessionStart(SnapshotSession.Builder builder) {
		this.builder = builder;
		this.store = builder.store;
		this.reader = builder.reader;
		this.heads = builder.heads;
		this.chains = builder.engine.chains();
		this.branch = builder.branch;
		this.defaultBranch = builder.defaultBranch;
		this.restorePoint = builder.restorePoint;
		this.fallbackToPrevious = builder.fallbackToPrevious;
		this.onMissingHead = builder.onMissingHead;
		this.keepSetAsideFiles = builder.keepSetAsideFiles;
	}

	/**
	 * The incremental format: from the branch's head (or a live file left at it); without a sound head, by
	 * recovery, or from nothing when the bucket holds nothing of the branch.
	 */
	SnapshotSession openIncremental(LiveDatabaseOptions options, long started) {
		HeadState state = heads.inspect(branch);
		if (state.isSound()) {
			return openFromHead(options, state.head(), started);
		}
		SnapshotLayout layout = store.layout();
		if (state.isDamaged()) {
			if (!fallbackToPrevious) {
				throw new UnreadableHeadException(layout.headKey(branch), branch, state.damage(),
						layout.snapshotKey());
			}
			return recover(options, state, SnapshotInventory.read(store, heads), started,
					"the head of branch '" + branch + "' is unreadable (" + state.damage() + ")");
		}
		// Only without a head does a start list the bucket: the branch is new only if it holds nothing of it.
		SnapshotInventory inventory = SnapshotInventory.read(store, heads);
		BranchEvidence evidence = BranchEvidence.find(store, inventory, branch);
		if (evidence.isEmpty()) {
			return openWithoutHead(options, started, null);
		}
		if (onMissingHead == OnMissingHead.FAIL || evidence.manifests().isEmpty()) {
			throw evidence.refusal(store);
		}
		return recover(options, state, inventory, started, "the head of branch '" + branch + "' was missing");
	}

	SnapshotSession openWithoutHead(LiveDatabaseOptions options, long started,
			@Nullable String notAdoptable) {
		if (!restorePoint.isLatest()) {
			throw new BucketHeadException("Cannot restore branch '" + branch + "' " + restorePoint
					+ ": the branch has no snapshot in " + store.describe());
		}
		Optional<SnapshotSession> adopted = adoptLeftover(options, null, null, null, started, notAdoptable);
		if (adopted.isPresent()) {
			return adopted.get();
		}
		Optional<String> plainObject = store.plainObject(branch, defaultBranch);
		if (plainObject.isPresent()) {
			String plainKey = plainObject.get();
			Restored imported = reader.importPlain(plainKey, options.directory());
			boolean dirty = builder.strategy().importsPlainObject(plainKey, imported, branch);
			LiveDatabase live = LiveDatabases.open(options, imported.file());
			return new SnapshotSession(builder, live, branch, null, null, dirty, new RestoreReport(branch, null,
					"plain object " + plainKey, imported.bytesDownloaded(), elapsed(started)), 0);
		}
		LiveDatabase live = LiveDatabases.open(options, null);
		return new SnapshotSession(builder, live, branch, null, null, false,
				new RestoreReport(branch, null, "empty (no snapshot yet)", 0, elapsed(started)), 0);
	}

	private SnapshotSession openFromHead(LiveDatabaseOptions options, Head head, long started) {
		Optional<SnapshotSession> adopted = adoptLeftover(options, head, head.pointer().generation(), null,
				started, restorePoint.isLatest() ? null : "this start restores " + restorePoint);
		if (adopted.isPresent()) {
			return adopted.get();
		}
		HeadPointer tip = head.pointer();
		List<BranchPoint> candidates = BranchPoints.candidates(branch,
				BranchPoints.forRestore(store, tip, restorePoint), restorePoint);
		if (!fallbackToPrevious) {
			candidates = candidates.subList(0, 1);
		}
		String firstProblem = null;
		for (int i = 0; i < candidates.size(); i++) {
			String generation = candidates.get(i).generation();
			try {
				HeadPointer point = generation.equals(tip.generation()) ? tip : candidates.get(i).toHead(tip);
				ChainRestorer.Result result = chains.restore(point, options.directory());
				Restored restored = result.restored();
				LiveDatabase live = LiveDatabases.open(options, restored.file());
				String fallback = firstProblem == null ? null : "generation " + candidates.get(0).generation()
						+ " of the head cannot be restored (" + firstProblem + ")";
				SnapshotSession session = new SnapshotSession(builder, live, branch, result.base(), head, false,
						new RestoreReport(branch, generation, "generation " + generation,
								restored.bytesDownloaded(), elapsed(started), fallback, false),
						result.deltaBytes());
				if (generation.equals(tip.generation())) {
					session.continueChainFromRestoredState();
				}
				return session;
			}
			catch (CorruptSnapshotException ex) {
				if (i == candidates.size() - 1) {
					throw ex;
				}
				firstProblem = firstProblem == null ? ex.problem() : firstProblem;
				log.warn("Generation {} of branch '{}' cannot be restored ({}); falling back to {}", generation,
						branch, ex.getMessage(), candidates.get(i + 1).generation());
			}
		}
		throw new IllegalStateException("unreachable: the last candidate either returns or throws");
	}

	/**
	 * Starts from the newest sound manifest of a branch whose head is missing or unreadable, and writes the
	 * head again (conditionally on what was found).
	 */
	private SnapshotSession recover(LiveDatabaseOptions options, HeadState found, SnapshotInventory inventory,
			long started, String why) {
		List<Manifest> candidates = inventory.manifestsOf(branch)
			.stream()
			.filter((manifest) -> restorePoint.accepts(manifest.generation()))
			.toList();
		HeadRecovery recovery = new HeadRecovery(store, chains, heads);
		HeadRecovery.Verified verified = recovery.newestSound(branch, candidates, options.directory(),
				store.layout().headKey(branch));
		Manifest manifest = verified.manifest();
		Head head;
		try {
			head = recovery.writeHead(found, verified, candidates);
		}
		catch (RuntimeException ex) {
			SnapshotSession.deleteQuietly(verified.restored());
			throw ex;
		}
		String generation = verified.generation();
		String steps = !verified.hasDeltas() ? ""
				: " and the delta steps after it, up to generation " + generation;
		log.warn("BucketHead: {}. Started from generation {} (created {}), the newest sound generation of the "
				+ "branch{}, and wrote the head again at it{}", why, manifest.generation(), manifest.createdAt(),
				steps, verified.rejected().isEmpty() ? "" : "; newer ones that did not restore: " + verified.rejected());
		String fallback = why + "; restored the newest sound generation of the branch" + steps
				+ " and rewrote the head";
		Optional<SnapshotSession> adopted = adoptLeftover(options, head, generation, verified.base(), started,
				null);
		if (adopted.isPresent()) {
			SnapshotSession.deleteQuietly(verified.restored());
			return adopted.get();
		}
		LiveDatabase live = LiveDatabases.open(options, verified.restored().file());
		SnapshotSession session = new SnapshotSession(builder, live, branch, verified.base(), head, false,
				new RestoreReport(branch, generation, "generation " + generation,
						verified.restored().bytesDownloaded(), elapsed(started), fallback, false),
				verified.deltaBytes());
		if (verified.tip() != null) {
			session.continueChainFromRestoredState();
		}
		return session;
	}

	/**
	 * Adopts the live file a dead process left for this branch when the head is still at {@code base}; sets
	 * aside the others of this database.
	 * @param known the manifest of {@code base} when already read
	 * @param notAdoptable why this start adopts no file at all, or null
	 */
	private Optional<SnapshotSession> adoptLeftover(LiveDatabaseOptions options, @Nullable Head head,
			@Nullable String base, @Nullable Manifest known, long started, @Nullable String notAdoptable) {
		AdoptionRules.Start start = new AdoptionRules.Start(store.describe(),
				store.layout().snapshotKey(), branch, base, notAdoptable);
		Optional<LeftoverLiveFiles.Leftover> found = LeftoverLiveFiles.resolve(options.directory(), start,
				keepSetAsideFiles);
		if (found.isEmpty()) {
			return Optional.empty();
		}
		LeftoverLiveFiles.Leftover leftover = found.get();
		Manifest manifest = known;
		if (manifest == null && base != null) {
			// The tip may be a delta step: its chunks to reuse are its base's.
			String withManifest = head != null && base.equals(head.pointer().generation())
					? head.pointer().effectiveBase() : base;
			try {
				manifest = store.readManifest(withManifest);
			}
			catch (CorruptSnapshotException ex) {
				// Only the chunks to reuse come from it: without it, the flush uploads every chunk.
				log.warn("The manifest of generation {} is unreadable ({}); the adopted file's first flush "
						+ "uploads it whole", base, ex.problem());
			}
		}
		LiveDatabase live;
		try {
			live = LiveDatabases.adopt(options, leftover);
		}
		catch (RuntimeException ex) {
			leftover.close();
			throw ex;
		}
		long pid = leftover.identity().pid();
		log.info("BucketHead adopted the live file {} left by process {}: the head of branch '{}' is still at {}, "
				+ "which the file holds with every write after it. Flushing it now", leftover.database(), pid,
				branch, base == null ? "no generation" : "generation " + base);
		return Optional.of(new SnapshotSession(builder, live, branch, manifest, head, true, new RestoreReport(branch,
				base, "live file " + leftover.database() + " left by process " + pid, 0, elapsed(started), null,
				true), 0));
	}

	private static Duration elapsed(long started) {
		return Duration.ofNanos(System.nanoTime() - started);
	}

}
