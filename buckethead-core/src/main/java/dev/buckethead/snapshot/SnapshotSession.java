package dev.buckethead.snapshot;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import dev.buckethead.BucketHeadException;
import dev.buckethead.live.DatabaseImage;
import dev.buckethead.live.LiveDatabase;
import dev.buckethead.live.LiveDatabaseOptions;
import dev.buckethead.live.LiveFileIdentity;
import dev.buckethead.live.LiveStorage;
import dev.buckethead.live.PageCapture;
import dev.buckethead.live.PageTracker;
import dev.buckethead.snapshot.SnapshotReader.Restored;
import dev.buckethead.snapshot.SnapshotStore.Head;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The link between one live database and one branch in the bucket: restores it, flushes it, and remembers
 * which generation and head ETag it last wrote or loaded. Every operation holds one lock, so flushes never
 * overlap and branch operations see a stable state.
 * <p>
 * What others read while a flush runs (branch, generation, retained generations, whether the database is dirty)
 * is published in volatile fields and never waits for that lock: a flush stuck on the bucket must not stall a
 * health check.
 */
public final class SnapshotSession implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(SnapshotSession.class);

	/** A baseline no data_version ever equals: the database must be written at the next flush. */
	private static final long ALWAYS_DIRTY = Long.MIN_VALUE;

	private final ReentrantLock lock = new ReentrantLock();

	private final SnapshotStore store;

	private final SnapshotWriter writer;

	private final SnapshotReader reader;

	private final BranchHeads heads;

	private final FlushListener listener;

	private final Clock clock;

	private final List<ReferenceSource> referenceSources;

	private final SnapshotFormat format;

	private final String plainKey;

	private final LiveDatabase live;

	private volatile String branch;

	private volatile @Nullable Manifest manifest;

	private volatile @Nullable Head head;

	private long baseline;

	/**
	 * The last known answer to {@link #isDirty()}: set true when a flush finds changes to write (the bucket lacks
	 * them until it succeeds), and re-read whenever the lock is free.
	 */
	private volatile boolean dirty;

	private final RestoreReport restoreReport;

	private final ChainRestorer chainRestorer;

	private final ChunkCodec codec;

	private final ChainLimits limits;

	/** Makes bases of delta points from bucket objects (branches at a point). */
	private final ChainCompactor compactor;

	/** Compacts the chain off the flush thread when it passes its limits; null without page deltas. */
	private final @Nullable BackgroundCompaction compaction;

	/** Copies of this session's delta steps, which a compaction reads instead of the bucket; null without one. */
	private final @Nullable StepSpool spool;

	/** Bytes of each delta step since the base, by step, so the chain's bytes after a compacted step are known. */
	private final java.util.TreeMap<Long, Long> stepBytes = new java.util.TreeMap<>();

	/** The head must be written at the next step: it is to retain a base compacted meanwhile. */
	private boolean headStale;

	/** How this session's flushes write, chosen once by the format from the live storage. */
	private final Flusher flusher;

	/** Bytes of the delta steps since the current base, for {@link ChainLimits#baseDue}. */
	private long chainBytes;

	/**
	 * The chain restarts at {@code baseSequence} holding {@code bytes} (a restored chain counts as one lump at its
	 * base). With {@link #chainStep}, the only writers of {@link #chainBytes} and {@link #stepBytes}, which must agree:
	 * a compaction recomputes the chain's bytes from the steps after it.
	 */
	private void chainFrom(long baseSequence, long bytes) {
		stepBytes.clear();
		stepBytes.put(baseSequence, bytes);
		chainBytes = bytes;
	}

	/** Step {@code sequence}, of {@code bytes}, joined the chain (written, or found landed after all). */
	private void chainStep(long sequence, long bytes) {
		stepBytes.put(sequence, bytes);
		chainBytes += bytes;
	}

	/** The step and time of the last head this session wrote (or found), for {@link ChainLimits#headDue}. */
	private long headWrittenSequence;

	private Instant headWrittenAt;

	SnapshotSession(Builder builder, LiveDatabase live, String branch, @Nullable Manifest manifest,
			@Nullable Head head, boolean dirty, RestoreReport restoreReport, long chainBytes) {
		this.store = builder.store;
		this.writer = builder.writer;
		this.reader = builder.reader;
		this.heads = builder.heads;
		this.listener = builder.listener;
		this.clock = builder.clock;
		this.referenceSources = builder.referenceSources;
		this.format = builder.format;
		this.plainKey = builder.store.layout().plainKey(branch, builder.defaultBranch);
		this.live = live;
		this.branch = branch;
		this.manifest = manifest;
		this.head = head;
		this.baseline = dirty ? ALWAYS_DIRTY : live.dataVersion();
		this.dirty = dirty;
		this.restoreReport = restoreReport;
		this.spool = builder.pageDeltas ? new StepSpool(live.scratchDirectory()) : null;
		this.chainRestorer = builder.engine.chains().withSpool(spool);
		this.compactor = spool == null ? builder.engine.compactor() : builder.engine.compactor(chainRestorer);
		this.compaction = builder.pageDeltas ? new BackgroundCompaction(compactor) : null;
		this.codec = builder.codec;
		this.limits = builder.limits;
		if (head != null) {
			chainFrom(head.pointer().effectiveBaseSequence(), chainBytes);
		}
		this.headWrittenSequence = headWrittenAtLeast(head);
		this.headWrittenAt = clock.instant();
		this.flusher = builder.strategy().flusher(this, builder.pageDeltas);
		live.identify(identity());
	}

	/**
	 * The live content was just restored from exactly the head's state: the first flush may be a delta on it
	 * rather than a base, which after a restart would re-send every chunk the chain since the base changed. Not
	 * for an adopted live file, a fallback to an older point or an as-of restore, whose content is not the head's,
	 * nor on a base of an older manifest format.
	 */
	void continueChainFromRestoredState() {
		// A base of an older format is upgraded by the next flush, which therefore writes a new base.
		if (flusher instanceof TrackedFlusher tracked && manifest != null && manifest.format() == Manifest.FORMAT) {
			tracked.tracker.trustCurrentState();
		}
	}

	/**
	 * What start-up restored, for logs and metrics.
	 *
	 * @param generation the generation restored; for an adopted live file, the one it descends from
	 * @param source where the content came from, for logs
	 * @param fallback why the generation restored is not the head's (the head's generation is damaged, the head
	 * was missing or unreadable), or null when it is the head's (or the one asked for)
	 * @param adoptedLiveFile whether the content is a live file left by a process that died, holding writes the
	 * bucket does not have yet
	 */
	public record RestoreReport(String branch, @Nullable String generation, String source, long bytesDownloaded,
			Duration duration, @Nullable String fallback, boolean adoptedLiveFile) {

		public RestoreReport(String branch, @Nullable String generation, String source, long bytesDownloaded,
				Duration duration) {
			this(branch, generation, source, bytesDownloaded, duration, null, false);
		}

	}

	/** Which database, branch and generation the live content is, for the file's identity. */
	private LiveFileIdentity identity() {
		return LiveFileIdentity.of(store.describe(), store.layout().snapshotKey(), branch,
				generation().orElse(null));
	}

	/** A builder on {@code engine}'s parts; see {@link SnapshotEngine#session()}. */
	static Builder builder(SnapshotEngine engine) {
		return new Builder(engine);
	}

	public LiveDatabase live() {
		return live;
	}

	public RestoreReport restoreReport() {
		return restoreReport;
	}

	/** The branch this session writes to. */
	public String branch() {
		return branch;
	}

	/** The generation last written or loaded; empty before the first flush of a new database. */
	public Optional<String> generation() {
		Head current = head;
		if (current != null) {
			return Optional.of(current.pointer().generation());
		}
		return Optional.ofNullable(manifest).map(Manifest::generation);
	}

	/** The generations the current branch's head retains, newest first. */
	public List<String> retainedGenerations() {
		return head == null ? List.of() : head.pointer().retained();
	}

	BranchHeads heads() {
		return heads;
	}

	SnapshotFormat format() {
		return format;
	}

	/**
	 * The named branches of this session's database, switched, created and deleted on this session.
	 * @param afterSwitch runs after the live content was replaced by another branch's, so typed views can
	 * re-create tables the other branch lacks
	 * @param listener hears every switch
	 */
	public dev.buckethead.branch.Branches branches(Runnable afterSwitch, SnapshotListener listener) {
		return new SessionBranches(this, afterSwitch, listener);
	}

	/**
	 * Whether the live database holds changes the bucket does not have. Makes no bucket request and never waits:
	 * while a flush or branch operation holds the session, it answers what that operation last published (a
	 * flush that is writing has changes the bucket lacks until it succeeds).
	 */
	public boolean isDirty() {
		if (!lock.tryLock()) {
			return dirty;
		}
		try {
			return publishDirty();
		}
		finally {
			lock.unlock();
		}
	}

	/** Reads whether the database changed since the baseline, and publishes it. Call while holding the lock. */
	private boolean publishDirty() {
		boolean changed = baseline == ALWAYS_DIRTY || live.dataVersion() != baseline;
		dirty = changed;
		return changed;
	}

	/**
	 * Runs {@code action} while holding the session lock: no flush or branch operation runs meanwhile.
	 * @throws BucketHeadException if the thread is interrupted while it waits for the lock (shutting down)
	 */
	<T> T exclusively(Supplier<T> action) {
		try {
			lock.lockInterruptibly();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new BucketHeadException("Interrupted while waiting for the flush or branch operation in progress",
					ex);
		}
		try {
			return action.get();
		}
		finally {
			lock.unlock();
		}
	}

	/** Flushes if the database changed since the last flush. */
	public FlushResult flush(FlushTrigger trigger) {
		return exclusively(() -> flushLocked(trigger, false));
	}

	/**
	 * Flushes so that the branch's state is a base generation (one with a manifest): writes a first generation
	 * for a database that has never been flushed, and a base for a state that is a page delta (branch
	 * operations point other heads at the generation, and those heads have no chain of their own).
	 */
	FlushResult flushToGeneration(FlushTrigger trigger) {
		return exclusively(() -> flushLocked(trigger, true));
	}

	private FlushResult flushLocked(FlushTrigger trigger, boolean requireBase) {
		listener.onFlushStart(trigger);
		long started = System.nanoTime();
		try {
			FlushResult result = writeIfChanged(trigger, requireBase, started);
			// Leaving the branch (a close, a switch): its head is written at the tip. A switch back restores the
			// tip and takes it for the head written, so a head left lagging would never be caught up.
			if (trigger == FlushTrigger.SHUTDOWN || trigger == FlushTrigger.BRANCH) {
				catchUpHead();
			}
			listener.onFlushComplete(result);
			return result;
		}
		catch (RuntimeException ex) {
			listener.onFlushError(trigger, ex);
			throw ex;
		}
	}

	private FlushResult writeIfChanged(FlushTrigger trigger, boolean requireBase, long started) {
		boolean force = requireBase && (manifest == null || isDeltaTip());
		if (!force && !publishDirty()) {
			return result(trigger, FlushOutcome.SKIPPED, started, 0, 0, 0, manifest == null ? 0 : manifest.size());
		}
		dirty = true;
		settleUncertainStep();
		return flusher.flush(trigger, requireBase, started);
	}

	/**
	 * A step this session sent whose request failed without an answer (a deadline, a lost connection): the object
	 * may have landed after all. Until that is known, the live file's identity keeps it as pending.
	 */
	private @Nullable UncertainStep uncertain;

	/**
	 * @param bytes the delta's bytes, for the chain limits should it turn out to have landed
	 * @param base the manifest of a base step; null for a delta step
	 */
	private record UncertainStep(SuccessorClaim claim, long bytes, @Nullable Manifest base) {
	}

	/**
	 * Sends a step with {@code send} (which claims it, and may write the head): a failure without an answer leaves
	 * the step {@link #uncertain}; an answered conflict (another writer has the step) leaves nothing in doubt.
	 */
	private Head sendStep(UncertainStep step, Supplier<Head> send) {
		uncertain = step;
		try {
			Head sent = send.get();
			uncertain = null;
			return sent;
		}
		catch (SnapshotConflictException ex) {
			uncertain = null;
			throw ex;
		}
	}

	/**
	 * Settles {@link #uncertain}: when the step is in the bucket, written by this session, it is the branch's tip
	 * and the next step follows it (a delta carries every page changed since the acknowledged state, a superset of
	 * the landed step's, so it applies correctly after it; a base is the whole state). Without this, the next
	 * flush would claim the same step again and take its own landed step for another writer's. A failed read
	 * leaves it unsettled.
	 */
	private void settleUncertainStep() {
		UncertainStep sent = uncertain;
		if (sent == null) {
			return;
		}
		SuccessorClaim claim = sent.claim();
		Optional<SuccessorClaim> found = store.readSuccessor(claim.branch(), claim.lineage(), claim.sequence());
		uncertain = null;
		if (found.isEmpty() || !found.get().writer().equals(claim.writer())
				|| !found.get().generation().equals(claim.generation())) {
			return;
		}
		HeadPointer seen = head.pointer();
		if (sent.base() == null) {
			head = new Head(new HeadPointer(HeadPointer.FORMAT, claim.branch(), claim.generation(), seen.retained(),
					seen.updatedAt(), claim.lineage(), claim.sequence(), claim.base(), claim.baseSequence()),
					head.etag());
			chainStep(claim.sequence(), sent.bytes());
			tipReferences = claim.referencesOrEmpty();
		}
		else {
			List<String> retained = new ArrayList<>();
			retained.add(claim.generation());
			seen.retained().stream().filter((generation) -> !retained.contains(generation)).forEach(retained::add);
			head = new Head(HeadPointer.ofBase(claim.branch(), claim.generation(), retained, seen.updatedAt(),
					claim.lineage(), claim.sequence()), head.etag());
			manifest = sent.base();
			chainFrom(claim.sequence(), 0);
			tipReferences = java.util.Map.of();
			// Until the head is written, no head retains the new base: the next step writes it.
			headStale = true;
		}
		live.identify(identity());
		log.info("BucketHead: the flush of generation {} on branch '{}' had failed without an answer, but its step {} "
				+ "is in the bucket; continuing from it", claim.generation(), branch, claim.sequence());
	}

	private boolean isDeltaTip() {
		return head != null && head.pointer().isDelta();
	}

	/**
	 * The step the stored head is known to be at, for a state read from the bucket: its base's (the head is
	 * written at every base step). The state is the head moved along the claims past it, which a writer that
	 * died left behind; taking its tip for the head written would let every start add a lag to the last one.
	 */
	private static long headWrittenAtLeast(@Nullable Head state) {
		return state == null ? 0 : state.pointer().effectiveBaseSequence();
	}

	/** Writes the head at the tip when this session's delta steps left it behind (at shutdown, at a switch). */
	private void catchUpHead() {
		Head current = head;
		if (current != null && current.pointer().effectiveSequence() > headWrittenSequence) {
			head = heads.catchUp(current);
			headWrittenSequence = current.pointer().effectiveSequence();
			headWrittenAt = clock.instant();
		}
	}

	/** How a flush writes: one implementation per kind of session, chosen when it is built. */
	private interface Flusher {

		/** @param requireBase the flush must leave a base step (a manifest) as the branch's state */
		FlushResult flush(FlushTrigger trigger, boolean requireBase, long started);

	}

	/** The original library's format: the whole database as one plain SQLite object. */
	private final class PlainFlusher implements Flusher {

		@Override
		public FlushResult flush(FlushTrigger trigger, boolean requireBase, long started) {
			try (DatabaseImage image = live.image(LiveDatabase.ConsistentRead.NONE)) {
				long bytes = store.writePlain(image, plainKey, live.scratchDirectory());
				baseline = image.dataVersion();
				publishDirty();
				return result(trigger, FlushOutcome.SUCCESS, started, bytes, 1, 0, image.size());
			}
		}

	}

	/** Every flush a base step from a whole image: storage without page tracking ({@link LiveStorage#MEMORY}). */
	private final class ImageFlusher implements Flusher {

		@Override
		public FlushResult flush(FlushTrigger trigger, boolean requireBase, long started) {
			CollectedReferences references = new CollectedReferences(referenceSources);
			try (DatabaseImage image = live.image(references)) {
				return baseStep(image, references, trigger, started);
			}
		}

	}

	/**
	 * Page-tracked storage: a delta step of the changed pages, or a base step when the capture is a base, there
	 * is no base yet, a base is required, or the chain since the base is long enough to be compacted
	 * ({@link ChainLimits#baseDue}). The capture is acknowledged only once its step is claimed, so pages of a
	 * failed flush go out with the next one.
	 */
	private final class TrackedFlusher implements Flusher {

		private final PageTracker tracker;

		private final DeltaStepWriter deltas;

		TrackedFlusher(PageTracker tracker) {
			this.tracker = tracker;
			this.deltas = new DeltaStepWriter(store, codec);
		}

		@Override
		public FlushResult flush(FlushTrigger trigger, boolean requireBase, long started) {
			CollectedReferences references = new CollectedReferences(referenceSources);
			try (PageCapture capture = tracker.capture(references)) {
				adoptCompaction();
				Head current = head;
				Manifest base = manifest;
				boolean wholeImage = requireBase || capture.isBase() || base == null || current == null
						|| !current.pointer().effectiveBase().equals(base.generation())
						|| baseFromLiveFile(current.pointer(), base);
				FlushResult result = wholeImage ? baseStep(capture.image(), references, trigger, started)
						: deltaStep(capture, references, current, trigger, started);
				capture.acknowledge();
				return result;
			}
		}

		/**
		 * Whether the chain is long enough that this flush writes a base from the live file: when it passed its
		 * limits and no background compaction can start, or when it passed twice its limits (compactions fail or
		 * lag). Otherwise a chain past its limits starts compacting its tip from bucket objects and the flush
		 * stays a delta.
		 */
		private boolean baseFromLiveFile(HeadPointer tip, Manifest base) {
			long steps = tip.effectiveSequence() - tip.effectiveBaseSequence();
			if (!limits.baseDue(steps, chainBytes, base.size())) {
				return false;
			}
			if (compaction == null || !tip.isDelta() || limits.baseDue(steps / 2, chainBytes / 2, base.size())) {
				return true;
			}
			BranchPoint point = BranchPoint.delta(tip.effectiveSequence(), tip.generation(),
					GenerationIds.createdAt(tip.generation()), tip.effectiveBase(), tip.effectiveBaseSequence());
			return !compaction.start(tip, point, live.scratchDirectory());
		}

		/**
		 * Makes a finished background compaction this session's base: its step is in the current chain, so the
		 * state is that base plus the deltas after it (each delta holds the pages changed since the step before,
		 * whatever base its header names), and the next steps name it as their base.
		 */
		private void adoptCompaction() {
			if (compaction == null) {
				return;
			}
			Optional<BackgroundCompaction.Done> done = compaction.take();
			Head current = head;
			if (done.isEmpty() || current == null) {
				return;
			}
			BranchPoint point = done.get().point();
			Manifest compacted = done.get().manifest();
			HeadPointer tip = current.pointer();
			// Only a step of this branch's current chain: a branch switch or a new lineage since it started, or a
			// base written since, leaves it unused (its objects are garbage for gc).
			HeadPointer started = done.get().tip();
			if (!compacted.generation().equals(point.generation()) || !started.branch().equals(tip.branch())
					|| !started.effectiveLineage().equals(tip.effectiveLineage())
					|| point.sequence() <= tip.effectiveBaseSequence() || point.sequence() > tip.effectiveSequence()) {
				return;
			}
			// No head retains it until this step's head write: only gc's grace period protects it meanwhile, so a
			// base that waited longer than that (or met a gc without grace) is not built on.
			if (!store.hasManifest(compacted.generation())) {
				log.warn("The base compacted at generation {} was deleted before this flush could build on it; the "
						+ "chain stays on base {}", compacted.generation(), tip.effectiveBase());
				return;
			}
			List<String> retained = new ArrayList<>();
			retained.add(point.generation());
			tip.retained().stream().filter((generation) -> !retained.contains(generation)).forEach(retained::add);
			head = new Head(new HeadPointer(HeadPointer.FORMAT, tip.branch(), tip.generation(), retained,
					tip.updatedAt(), tip.effectiveLineage(), tip.effectiveSequence(), point.generation(),
					point.sequence()), current.etag());
			manifest = compacted;
			stepBytes.headMap(point.sequence(), true).clear();
			chainBytes = stepBytes.values().stream().mapToLong(Long::longValue).sum();
			if (spool != null) {
				spool.dropThrough(tip.effectiveLineage(), point.sequence());
			}
			headStale = true;
		}

		private FlushResult deltaStep(PageCapture capture, CollectedReferences references, Head current,
				FlushTrigger trigger, long started) {
			Instant now = clock.instant();
			String generation = GenerationIds.next(now);
			DeltaStepWriter.Encoded encoded = deltas.encode(capture,
					references.store(store, current.pointer().isDelta() ? tipReferences : manifest.references()));
			SuccessorClaim claim = heads.deltaClaim(current, generation, capture.pageSize(), capture.pageCount(),
					encoded.references(), encoded.extraParts());
			boolean writeHead = headStale || limits.headDue(claim.sequence() - headWrittenSequence,
					Duration.between(headWrittenAt, now));
			// Before the step is claimed: should this process die right after, the file still matches the tip.
			live.identify(identity().pending(generation));
			head = sendStep(new UncertainStep(claim, encoded.bytes(), null),
					() -> heads.advanceDelta(claim, encoded.firstPart(), encoded.firstPart().length, current, writeHead));
			if (spool != null) {
				spool.put(claim, encoded.firstPart());
			}
			if (writeHead) {
				headWrittenSequence = claim.sequence();
				headWrittenAt = now;
				headStale = false;
			}
			chainStep(claim.sequence(), encoded.bytes());
			tipReferences = encoded.references();
			baseline = capture.dataVersion();
			publishDirty();
			live.identify(identity());
			return result(trigger, FlushOutcome.SUCCESS, started, encoded.bytes(), 1 + encoded.extraParts().size(), 0,
					capture.pageCount() * capture.pageSize());
		}

	}

	/** The reference lists of the tip when it is a delta step (a base's are in its manifest). */
	private java.util.Map<String, String> tipReferences = java.util.Map.of();

	/**
	 * Writes {@code image} as a base step: the chunks and manifest through {@link SnapshotWriter}, then the claim
	 * and the head. Nothing to write when the image is the current base and the tip is that base.
	 */
	private FlushResult baseStep(DatabaseImage image, CollectedReferences references, FlushTrigger trigger,
			long started) {
		Instant now = clock.instant();
		SnapshotWriter.Written written = writer.write(image, references, manifest, branch, GenerationIds.next(now),
				now);
		if (written.manifest() == manifest && !isDeltaTip()) {
			baseline = image.dataVersion();
			publishDirty();
			return result(trigger, FlushOutcome.SKIPPED, started, 0, 0, written.chunksReused(), image.size());
		}
		// Before the head moves: should this process die right after, the file still matches the head.
		live.identify(identity().pending(written.manifest().generation()));
		Head expected = head;
		String generation = written.manifest().generation();
		Head newHead = expected == null || expected.pointer().generation().equals(generation)
				? heads.advance(branch, generation, expected)
				: sendStep(new UncertainStep(heads.baseClaim(branch, generation, expected), 0, written.manifest()),
						() -> heads.advance(branch, generation, expected));
		manifest = written.manifest();
		head = newHead;
		headWrittenSequence = newHead.pointer().effectiveSequence();
		headWrittenAt = now;
		chainFrom(newHead.pointer().effectiveSequence(), 0);
		if (spool != null) {
			spool.dropThrough(newHead.pointer().effectiveLineage(), newHead.pointer().effectiveSequence());
		}
		headStale = false;
		tipReferences = java.util.Map.of();
		baseline = image.dataVersion();
		publishDirty();
		live.identify(identity());
		return result(trigger, FlushOutcome.SUCCESS, started, written.bytesUploaded(), written.chunksUploaded(),
				written.chunksReused(), image.size());
	}

	private FlushResult result(FlushTrigger trigger, FlushOutcome outcome, long started, long bytes, int uploaded,
			int reused, long size) {
		return new FlushResult(trigger, outcome, generation().orElse(null), branch,
				Duration.ofNanos(System.nanoTime() - started), bytes, uploaded, reused, size, clock.instant());
	}

	/**
	 * Downloads and verifies {@code targetHead}'s generation into a scratch file, without touching the live
	 * database: the slow half of a branch switch, done while writers still run.
	 */
	PreparedLoad prepareLoad(Head targetHead) {
		ChainRestorer.Result result = chainRestorer.restore(targetHead.pointer(), live.scratchDirectory());
		return new PreparedLoad(targetHead, result.base(), result.restored(), result.deltaBytes());
	}

	/**
	 * A verified generation in a scratch file, ready to replace the live content. Close to discard it.
	 * @param manifest the base the state builds on
	 * @param deltaBytes the bytes of the delta steps applied on it
	 */
	record PreparedLoad(Head head, Manifest manifest, Restored restored, long deltaBytes)
			implements AutoCloseable {

		@Override
		public void close() {
			deleteQuietly(restored);
		}

	}

	/**
	 * Replaces the live content with a prepared generation and makes {@code target} the current branch. The
	 * caller flushed the outgoing branch and holds the lock (and the connection gate).
	 */
	void load(String target, PreparedLoad prepared) {
		exclusively(() -> {
			baseline = live.replaceWith(prepared.restored().file());
			dirty = false;
			branch = target;
			manifest = prepared.manifest();
			head = prepared.head();
			// The restored chain's bytes count as one lump at its base: a compaction after it drops them all.
			chainFrom(prepared.head().pointer().effectiveBaseSequence(), prepared.deltaBytes());
			headStale = false;
			tipReferences = java.util.Map.of();
			headWrittenSequence = headWrittenAtLeast(prepared.head());
			headWrittenAt = clock.instant();
			if (spool != null) {
				// The copies of the branch left are no step of this chain: they would hold the RAM-backed scratch
				// directory until this branch's next base. A compaction of the branch left reads the bucket instead.
				spool.dropThrough(prepared.head().pointer().effectiveLineage(),
						prepared.head().pointer().effectiveBaseSequence());
			}
			live.identify(identity());
			return null;
		});
	}

	/**
	 * Creates branch {@code name} at a retained point of the current branch, without copying the database: its
	 * head points at the point's base, or, for a delta step, at a base compacted from bucket objects (only the
	 * chunks its deltas changed are uploaded). Reads the bucket only, so it holds no lock: flushes go on.
	 * @throws NoRestorePointException when the branch retains no such point
	 * @throws SnapshotConflictException when the branch {@code name} was created meanwhile
	 */
	Head createBranchAt(String name, RestorePoint point) {
		Head current = head;
		if (current == null) {
			throw new NoRestorePointException("Branch '" + branch + "' has no snapshot yet to create branch '" + name
					+ "' from; flush first");
		}
		HeadPointer tip = current.pointer();
		BranchPoint chosen = BranchPoints.candidates(tip.branch(), BranchPoints.forRestore(store, tip, point), point)
			.get(0);
		Manifest base = compactor.compact(tip, chosen, live.scratchDirectory());
		return heads.advance(name, base.generation(), null);
	}

	/** Makes {@code newBranch} (whose head now points at the current generation) the branch written to. */
	void rename(String newBranch, Head newHead) {
		exclusively(() -> {
			branch = newBranch;
			head = newHead;
			live.identify(identity());
			return null;
		});
	}

	@Override
	public void close() {
		if (compaction != null) {
			compaction.close();
		}
		if (spool != null) {
			spool.clear();
		}
		live.close();
	}

	static void deleteQuietly(Restored restored) {
		try {
			java.nio.file.Files.deleteIfExists(restored.file());
		}
		catch (java.io.IOException ignored) {
			// A leftover scratch file is harmless.
		}
	}

	/**
	 * What differs between the snapshot formats, decided once per session by {@link SnapshotFormat}: how a start
	 * restores, what a plain object found at start is to the session, and how its flushes write.
	 */
	interface FormatStrategy {

		SnapshotSession open(SessionStart start, LiveDatabaseOptions options, long started);

		/**
		 * A plain SQLite object was restored at start: whether the session must write it (it is dirty).
		 */
		boolean importsPlainObject(String plainKey, Restored imported, String branch);

		Flusher flusher(SnapshotSession session, boolean pageDeltas);

	}

	/** The original library's format: one plain SQLite object, no heads, no live file adopted. */
	private static final class PlainFormat implements FormatStrategy {

		@Override
		public SnapshotSession open(SessionStart start, LiveDatabaseOptions options, long started) {
			return start.openWithoutHead(options, started, "the plain snapshot format never adopts a live file");
		}

		@Override
		public boolean importsPlainObject(String plainKey, Restored imported, String branch) {
			// The object is the snapshot: unchanged content needs no upload.
			return false;
		}

		@Override
		public Flusher flusher(SnapshotSession session, boolean pageDeltas) {
			return session.new PlainFlusher();
		}

	}

	/** Heads, bases and page deltas under {@code <key>.bh/}. */
	private static final class IncrementalFormat implements FormatStrategy {

		@Override
		public SnapshotSession open(SessionStart start, LiveDatabaseOptions options, long started) {
			return start.openIncremental(options, started);
		}

		@Override
		public boolean importsPlainObject(String plainKey, Restored imported, String branch) {
			log.info("Imported the plain SQLite snapshot '{}' ({} bytes) into branch '{}'; the first flush writes it "
					+ "in the incremental format", plainKey, imported.bytesDownloaded(), branch);
			return true;
		}

		/** Delta steps where the storage tracks pages and page deltas are on, else a base at every flush. */
		@Override
		public Flusher flusher(SnapshotSession session, boolean pageDeltas) {
			return session.live.pageTracker()
				.filter((tracker) -> pageDeltas)
				.<Flusher>map((tracker) -> session.new TrackedFlusher(tracker))
				.orElseGet(() -> session.new ImageFlusher());
		}

	}

	/** Assembles a session and performs the start-up restore. */
	public static final class Builder {

		final SnapshotEngine engine;

		final SnapshotStore store;

		private final SnapshotWriter writer;

		final SnapshotReader reader;

		final BranchHeads heads;

		private final ChunkCodec codec;

		private final Clock clock;

		private final List<ReferenceSource> referenceSources;

		private FlushListener listener = new FlushListener() {
		};

		String branch = SnapshotLayout.DEFAULT_BRANCH;

		String defaultBranch = SnapshotLayout.DEFAULT_BRANCH;

		RestorePoint restorePoint = RestorePoint.latest();

		boolean fallbackToPrevious;

		private SnapshotFormat format = SnapshotFormat.INCREMENTAL;

		OnMissingHead onMissingHead = OnMissingHead.FAIL;

		int keepSetAsideFiles = 5;

		private ChainLimits limits = ChainLimits.DEFAULTS;

		private boolean pageDeltas;

		private Builder(SnapshotEngine engine) {
			this.engine = engine;
			this.store = engine.store();
			this.writer = engine.writer();
			this.reader = engine.reader();
			this.heads = engine.heads();
			this.codec = engine.codec();
			this.clock = engine.clock();
			this.referenceSources = engine.referenceSources();
		}

		/** Whether page-tracked storage flushes page deltas between bases (else every flush is a base). */
		public Builder pageDeltas(boolean pageDeltas) {
			this.pageDeltas = pageDeltas;
			return this;
		}

		/** How long delta chains grow and how far the head may lag; {@link ChainLimits#DEFAULTS} unless set. */
		public Builder chainLimits(ChainLimits limits) {
			this.limits = limits;
			return this;
		}

		/** What to do when the branch has no head but the bucket holds its data. */
		public Builder onMissingHead(OnMissingHead onMissingHead) {
			this.onMissingHead = onMissingHead;
			return this;
		}

		/** How many live files that were not adopted to keep in the live directory's set-aside folder. */
		public Builder keepSetAsideFiles(int keepSetAsideFiles) {
			this.keepSetAsideFiles = keepSetAsideFiles;
			return this;
		}

		public Builder format(SnapshotFormat format) {
			this.format = format;
			return this;
		}

		/** Hears every flush; a listener that throws is logged and does not affect the flush. */
		public Builder listener(FlushListener listener) {
			if (listener instanceof CompositeSnapshotListener composite) {
				this.listener = composite;
			}
			else {
				CompositeSnapshotListener isolated = new CompositeSnapshotListener();
				isolated.add(listener);
				this.listener = isolated;
			}
			return this;
		}

		public Builder branch(String branch, String defaultBranch) {
			this.branch = branch;
			this.defaultBranch = defaultBranch;
			return this;
		}

		public Builder restorePoint(RestorePoint restorePoint) {
			this.restorePoint = restorePoint;
			return this;
		}

		public Builder fallbackToPrevious(boolean fallbackToPrevious) {
			this.fallbackToPrevious = fallbackToPrevious;
			return this;
		}

		/**
		 * Restores the branch into a new live database: from a live file a dead process left when the head is
		 * still the generation it descends from, else from the head's generation (or, without a head, from a plain
		 * SQLite object, or empty when the bucket holds nothing of the branch).
		 * @throws MissingHeadException when the branch has no head but the bucket holds its data
		 * @throws UnreadableHeadException when the head cannot be parsed (unless falling back)
		 */
		public SnapshotSession open(LiveDatabaseOptions options) {
			return strategy().open(new SessionStart(this), options, System.nanoTime());
		}

		/** The strategy of the snapshot format: how a session of it opens and flushes. */
		FormatStrategy strategy() {
			return switch (format) {
				case PLAIN -> new PlainFormat();
				case INCREMENTAL -> new IncrementalFormat();
			};
		}

	}

}
